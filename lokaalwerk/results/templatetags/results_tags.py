from django import template

register = template.Library()


@register.filter
def lookup(mapping, key):
    """``mapping|lookup:key`` for dicts keyed on ids in templates."""
    if not mapping:
        return None
    return mapping.get(key)


@register.inclusion_tag("results/_progress.html")
def progress_bar(value):
    """The percentage as text with a small bar beside it (the text is the data)."""
    return {"value": None if value is None or value == "" else round(float(value))}


@register.inclusion_tag("results/_status.html")
def status_badge(status, label):
    return {"status": status, "label": label}
