"""The versioned REST API: mounts each module's router under /api/v1/, with bearer-token
authentication and RFC 9457 problem details for every error."""
