"""`manage.py load_assignments`: sync the assignment bank into the database."""

from django.core.management.base import BaseCommand, CommandError

from kubegrade.courses.bank import bank_root
from kubegrade.courses.services import assignments_sync_from_bank


class Command(BaseCommand):
    help = "Load (or reload) every assignment of the bank; a changed spec becomes a new version."

    def add_arguments(self, parser):
        parser.add_argument("--strict", action="store_true", help="Exit non-zero if any spec fails to load.")

    def handle(self, *args, **options):
        try:
            results, errors = assignments_sync_from_bank()
        except ImportError as exc:
            raise CommandError(f"The scoring package is not importable: {exc}") from exc
        except Exception as exc:
            raise CommandError(f"Loading the bank from {bank_root()} failed: {exc}") from exc
        for r in results:
            state = "new version" if r.new_version else "unchanged"
            self.stdout.write(f"  {r.slug:40s} {r.content_hash[:12]}  {state}")
        self.stdout.write(self.style.SUCCESS(f"Loaded {len(results)} assignments from {bank_root()}"))
        for error in errors:
            self.stderr.write(self.style.WARNING(f"Skipped a broken spec:\n{error}"))
        if errors and options["strict"]:
            raise CommandError(f"{len(errors)} assignment specs failed to load")
