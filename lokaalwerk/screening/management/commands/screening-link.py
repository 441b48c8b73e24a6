import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from lokaalwerk.screening.linkage import (
    DEFAULT_THRESHOLD,
    TokenFileError,
    link,
    matches_as_ids,
    parse_tokens,
)


def _load(path: str):
    try:
        return parse_tokens(json.loads(Path(path).read_text(encoding="utf-8")))
    except OSError as exc:
        raise CommandError(f"Cannot read {path}: {exc.strerror}.") from exc
    except (ValueError, TokenFileError) as exc:
        raise CommandError(f"{path}: {exc}") from exc


class Command(BaseCommand):
    help = "Link two token files without the key and print the matches as JSON."

    def add_arguments(self, parser):
        parser.add_argument("tokens_a")
        parser.add_argument("tokens_b")
        parser.add_argument(
            "--threshold",
            type=float,
            default=DEFAULT_THRESHOLD,
            help=f"Lowest Dice similarity of a Bloom-filter match (default {DEFAULT_THRESHOLD})",
        )

    def handle(self, *args, tokens_a, tokens_b, threshold, **options):
        if not 0.5 <= threshold <= 1:
            raise CommandError("The threshold lies between 0.5 and 1.")
        a, b = _load(tokens_a), _load(tokens_b)
        try:
            matches = link(a, b, threshold=threshold)
        except TokenFileError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(json.dumps({"matches": matches_as_ids(a, b, matches)}))
