"""The API server's side: resource types, defaulting, validation, allocators and the store."""
