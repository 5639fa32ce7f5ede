"""The public web site: for now its home page, the way in to log in, and the language switch."""
