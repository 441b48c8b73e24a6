import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from lokaalwerk.screening.encoding import EncodingError, encode_csv, read_secret


class Command(BaseCommand):
    help = (
        "Encode a list of young people into screening tokens, on the partner's own machine. "
        "The CSV needs the columns record_id, insz, first_name, last_name, birth_date."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="The list as CSV (UTF-8, header row first)")
        parser.add_argument(
            "--secret-file", required=True, help="The secret the partners share (never uploaded)"
        )
        parser.add_argument("--out", required=True, help="Where to write the token file (JSON)")

    def handle(self, *args, path, secret_file, out, **options):
        try:
            text = Path(path).read_text(encoding="utf-8-sig")
        except OSError as exc:
            raise CommandError(f"Cannot read {path}: {exc.strerror}.") from exc
        except UnicodeDecodeError as exc:
            raise CommandError(f"{path} is not UTF-8 text.") from exc
        try:
            tokens = encode_csv(text, read_secret(secret_file))
        except EncodingError as exc:
            raise CommandError(str(exc)) from exc
        try:
            Path(out).write_text(json.dumps(tokens, separators=(",", ":")), encoding="utf-8")
        except OSError as exc:
            raise CommandError(f"Cannot write {out}: {exc.strerror}.") from exc
        with_number = sum(1 for record in tokens["records"] if record["insz"])
        self.stdout.write(
            f"Encoded {len(tokens['records'])} records ({with_number} with a register number) "
            f"into {out}."
        )
