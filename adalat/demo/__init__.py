"""The demo country: ``adalat demo`` builds courts, people and cases to try Adalat with, at any
scale (bulk inserts, COPY on PostgreSQL). Data only: it calls each module's services and loaders."""
