"""`manage.py seed_demo`: create the demo course and print its logins."""

import os

from django.core.management.base import BaseCommand

from kubegrade.courses.demo import demo_course_seed


class Command(BaseCommand):
    help = "Create the demo course with an instructor and two students, and print their logins."

    def add_arguments(self, parser):
        parser.add_argument("--url", default=served_url(), help="Where the site will be served.")

    def handle(self, *args, **options):
        course, accounts = demo_course_seed()
        n = course.course_assignments.count()
        self.stdout.write(self.style.SUCCESS(f"Demo course {course.code} with {n} assignments."))
        self.stdout.write(f"Open {options['url']} and sign in as:")
        for a in accounts:
            self.stdout.write(f"  {a.role:<11} {a.username:<11} password: {a.password:<16} ({a.language})")
        self.stdout.write(f"The instructor also signs in to the admin at {options['url']}admin/ ; "
                          f"the API is described at {options['url']}api/docs/")


def served_url() -> str:
    """The address `make run` serves on: KUBEGRADE_BIND (host:port), as the Procfile reads it."""
    bind = os.environ.get("KUBEGRADE_BIND") or "127.0.0.1:8000"
    host, _, port = bind.rpartition(":")
    host = "127.0.0.1" if host in ("", "0.0.0.0") else host.strip("[]")
    return f"http://{host}:{port}/"
