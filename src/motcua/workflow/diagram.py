"""Draw a process definition as an SVG: steps in columns by distance from the first step,
actions as arrows with their names. Small and dependency-free; the admin shows it."""

from __future__ import annotations

from html import escape

from motcua.workflow.definition import ProcessDefinition, layers

BOX_W, BOX_H = 190, 54
GAP_X, GAP_Y = 90, 34
PHASE_COLOURS = {
    "reception": "#e8f1fb",
    "processing": "#fff6e0",
    "approval": "#f3eafc",
    "return": "#e8f6ee",
    "done": "#eceff3",
}


def _wrap(text: str, width: int = 26) -> list[str]:
    words, lines, line = text.split(), [], ""
    for word in words:
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    if line:
        lines.append(line)
    return lines[:2]


def render_svg(definition: ProcessDefinition) -> str:
    columns = layers(definition)
    positions = {}
    for col, steps in enumerate(columns):
        for row, step in enumerate(steps):
            positions[step.code] = (20 + col * (BOX_W + GAP_X), 50 + row * (BOX_H + GAP_Y))
    width = 40 + len(columns) * (BOX_W + GAP_X)
    height = 70 + max(len(c) for c in columns) * (BOX_H + GAP_Y)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="img" '
        f'aria-label="{escape(definition.name)}" font-family="sans-serif" font-size="12">',
        '<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" '
        'markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" '
        'fill="#4a5366"/></marker></defs>',
    ]
    for action in definition.actions:
        x1, y1 = positions[action.source]
        x2, y2 = positions[action.target]
        if action.source == action.target:
            cx = x1 + BOX_W / 2
            left, right, top = cx - 20, cx + 20, y1 - 26
            parts.append(
                f'<path d="M{left},{y1} C{left},{top} {right},{top} {right},{y1}" '
                'fill="none" stroke="#4a5366" marker-end="url(#arrow)"/>'
            )
            parts.append(
                f'<text x="{cx}" y="{y1 - 24}" text-anchor="middle" fill="#4a5366">'
                f"{escape(action.name)}</text>"
            )
            continue
        forward = x2 > x1
        sx, ex = (x1 + BOX_W, x2) if forward else (x1, x2 + BOX_W)
        sy, ey = y1 + BOX_H / 2, y2 + BOX_H / 2
        colour = "#4a5366" if forward else "#a4161a"
        dash = "" if forward else ' stroke-dasharray="5 4"'
        parts.append(
            f'<line x1="{sx}" y1="{sy}" x2="{ex}" y2="{ey}" stroke="{colour}"{dash} '
            f'marker-end="url(#arrow)"><title>{escape(action.name)}</title></line>'
        )
    for step in definition.steps:
        x, y = positions[step.code]
        fill = PHASE_COLOURS.get(step.phase, "#fff")
        stroke = "#1d2330" if step.code == definition.initial or step.final else "#6b7385"
        width_attr = 2.5 if step.final else 1.2
        parts.append(
            f'<g><title>{escape(step.code)}</title><rect x="{x}" y="{y}" width="{BOX_W}" '
            f'height="{BOX_H}" rx="8" fill="{fill}" stroke="{stroke}" stroke-width="{width_attr}"/>'
        )
        lines = _wrap(step.name)
        first_baseline = y + BOX_H / 2 + 4 - (len(lines) - 1) * 7.5
        for i, line in enumerate(lines):
            parts.append(
                f'<text x="{x + BOX_W / 2}" y="{first_baseline + i * 15}" text-anchor="middle" '
                f'font-weight="600" fill="#1d2330">{escape(line)}</text>'
            )
        parts.append("</g>")
    parts.append("</svg>")
    return "".join(parts)
