"""Background jobs of the screening: linking large lists and closing rounds that are due.

Schedule ``lokaalwerk screening-close-due`` daily (cron or a systemd timer), or enqueue
``close_due_rounds``; ``lokaalwerk db_worker`` executes the tasks."""

from __future__ import annotations

from django_tasks import task


@task()
def link_round(round_id: int, actor_id: int | None) -> None:
    from lokaalwerk.accounts.models import User

    from .models import ScreeningRound
    from .services import screening_round_link

    actor = User.objects.filter(pk=actor_id).first() if actor_id else None
    screening_round = ScreeningRound.objects.get(pk=round_id)
    screening_round_link(actor=actor, screening_round=screening_round, source="task")


@task()
def close_due_rounds() -> int:
    from .services import screening_rounds_close_due

    return screening_rounds_close_due()
