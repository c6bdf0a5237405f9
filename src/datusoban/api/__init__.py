"""The HTTP API, versioned under /api/v1 (django-ninja; OpenAPI at /api/v1/openapi.json)."""
