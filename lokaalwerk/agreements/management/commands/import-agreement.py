import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from lokaalwerk.agreements.importer import AgreementImportError, parse_agreement, read_source
from lokaalwerk.agreements.services import agreement_import


class Command(BaseCommand):
    help = "Recognise an agreement in the council's text or PDF and import it (one transaction)."

    def add_arguments(self, parser):
        parser.add_argument("path", help="A .txt or .pdf file")
        parser.add_argument("--dry-run", action="store_true", help="Recognise only; write nothing")
        parser.add_argument(
            "--json", dest="as_json", action="store_true", help="Print the recognised structure"
        )

    def handle(self, *args, path, dry_run, as_json, **options):
        source = Path(path)
        try:
            data = source.read_bytes()
        except OSError as exc:
            raise CommandError(f"Cannot read {path}: {exc.strerror}.") from exc
        try:
            structure = parse_agreement(read_source(data, source.name))
            if as_json:
                self.stdout.write(_dumps(structure))
            if dry_run:
                if not as_json:
                    self._summary(structure)
                return
            result = agreement_import(structure=structure, source=f"import-agreement {source.name}")
        except AgreementImportError as exc:
            raise CommandError(str(exc)) from exc
        if not as_json:
            verb = "Imported" if result.created else "Updated"
            self.stdout.write(
                f"{verb} {result.agreement.title} ({result.agreement.slug}): "
                f"{len(result.changes)} changes."
            )
            for warning in result.warnings:
                self.stderr.write(f"warning: {warning}")

    def _summary(self, structure):
        actions = [a for t in structure["themes"] for d in t["domains"] for a in d["actions"]]
        self.stdout.write(
            f"{structure['title']}: {structure['start_date']} – {structure['end_date']}, "
            f"{len(structure['themes'])} themes, {len(actions)} actions. Nothing was written."
        )
        for warning in structure.get("warnings", []):
            self.stderr.write(f"warning: {warning}")


def _dumps(structure) -> str:
    return json.dumps(structure, ensure_ascii=False, indent=2)
