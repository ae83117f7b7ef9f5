#!/usr/bin/env python3
"""Draws the README's flow picture (docs/flow.svg) from its text source (docs/flow.txt).

Boxes sit on a grid (column, row) with two lines of text; edges are straight arrows between box
borders with a label. Deterministic output, no dependencies: a test regenerates the SVG and
compares it with the committed file.
Usage: tools/flow-svg.py docs/flow.txt > docs/flow.svg
"""
import sys
from xml.sax.saxutils import escape

BOX_W, BOX_H, GAP_X, GAP_Y, MARGIN = 250, 62, 140, 60, 16


def parse(lines):
    nodes, edges = {}, []
    for number, raw in enumerate(lines, 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        head, _, rest = line.partition("|")
        words = head.split()
        texts = [t.strip() for t in rest.split("|")]
        if words[0] == "node" and len(words) == 4 and len(texts) == 2:
            nodes[words[1]] = (int(words[2]), int(words[3]), texts)
        elif words[0] == "edge" and len(words) == 4 and len(texts) == 1:
            edges.append((words[1], words[2], words[3], texts[0]))
        else:
            sys.exit(f"flow-svg: line {number}: expected 'node ID COL ROW | a | b' or "
                     f"'edge FROM TO SIDE | label'")
    for a, b, _, _ in edges:
        for name in (a, b):
            if name not in nodes:
                sys.exit(f"flow-svg: edge names unknown node '{name}'")
    return nodes, edges


def centre(node):
    col, row, _ = node
    return (MARGIN + col * (BOX_W + GAP_X) + BOX_W / 2, MARGIN + row * (BOX_H + GAP_Y) + BOX_H / 2)


def border_point(c, towards):
    """Where the line from box centre c towards a point leaves the box."""
    dx, dy = towards[0] - c[0], towards[1] - c[1]
    scale = min((BOX_W / 2) / abs(dx) if dx else float("inf"),
                (BOX_H / 2) / abs(dy) if dy else float("inf"))
    return c[0] + dx * scale, c[1] + dy * scale


def fmt(v):
    return f"{v:.1f}".rstrip("0").rstrip(".")


def render(nodes, edges):
    cols = max(n[0] for n in nodes.values()) + 1
    rows = max(n[1] for n in nodes.values()) + 1
    width = 2 * MARGIN + cols * BOX_W + (cols - 1) * GAP_X
    height = 2 * MARGIN + rows * BOX_H + (rows - 1) * GAP_Y
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
           f'viewBox="0 0 {width} {height}" font-family="sans-serif" font-size="13">',
           '<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="8" '
           'markerHeight="8" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" '
           'fill="#334"/></marker></defs>',
           f'<rect width="{width}" height="{height}" fill="#fff"/>']
    for name, node in nodes.items():
        x, y = centre(node)
        out.append(f'<g id="{escape(name)}"><rect x="{fmt(x - BOX_W / 2)}" y="{fmt(y - BOX_H / 2)}" '
                   f'width="{BOX_W}" height="{BOX_H}" rx="8" fill="#eef3fb" stroke="#334"/>')
        out.append(f'<text x="{fmt(x)}" y="{fmt(y - 5)}" text-anchor="middle" '
                   f'font-weight="bold">{escape(node[2][0])}</text>')
        out.append(f'<text x="{fmt(x)}" y="{fmt(y + 15)}" text-anchor="middle" '
                   f'fill="#333">{escape(node[2][1])}</text></g>')
    offsets = {"above": (0, -7), "below": (0, 17), "left": (-6, 4), "right": (6, 4)}
    anchors = {"above": "middle", "below": "middle", "left": "end", "right": "start"}
    for a, b, side, label in edges:
        ca, cb = centre(nodes[a]), centre(nodes[b])
        p, q = border_point(ca, cb), border_point(cb, ca)
        out.append(f'<line x1="{fmt(p[0])}" y1="{fmt(p[1])}" x2="{fmt(q[0])}" y2="{fmt(q[1])}" '
                   f'stroke="#334" stroke-width="1.5" marker-end="url(#arrow)"/>')
        dx, dy = offsets.get(side, (0, -7))
        mx, my = (p[0] + q[0]) / 2 + dx, (p[1] + q[1]) / 2 + dy
        out.append(f'<text x="{fmt(mx)}" y="{fmt(my)}" text-anchor="{anchors.get(side, "middle")}" '
                   f'font-size="12" fill="#124">{escape(label)}</text>')
    out.append("</svg>")
    return "\n".join(out) + "\n"


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    with open(sys.argv[1], encoding="utf-8") as f:
        nodes, edges = parse(f)
    sys.stdout.write(render(nodes, edges))


if __name__ == "__main__":
    main()
