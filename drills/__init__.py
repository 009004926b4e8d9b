"""`make drills`: faults injected into a stack the drill starts for itself (its own
redis-server and PostgreSQL cluster on free ports, gunicorn, a Celery worker and beat),
one table of figures at the end. Never touches the machine's shared servers."""
