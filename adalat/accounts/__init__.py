"""People who log in, their memberships and roles in organizations, two-factor login,
API tokens, and the one access policy (``access.py``) every read and write goes through."""
