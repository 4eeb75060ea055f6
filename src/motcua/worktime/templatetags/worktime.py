from django import template

register = template.Library()


@register.filter
def lookup(mapping, key):
    """{{ labels|lookup:day.reason }}: a dictionary value in a template."""
    return mapping.get(key, key)
