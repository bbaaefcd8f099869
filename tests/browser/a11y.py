"""An accessibility pass run inside the page: labels, headings, language, contrast.

Not a full WCAG audit; the checks a desk page must never fail: every form control has a
label, the page has a language and an ``h1``, buttons say what they do, and text stands out
from its background (WCAG 2 contrast: 4.5:1, 3:1 for large text). SVG charts are skipped
(their text is drawn, not styled).
"""

from __future__ import annotations

from typing import Any

CHECK = r"""
() => {
  const problems = [];
  const lang = document.documentElement.getAttribute("lang");
  if (!lang) problems.push("<html> has no lang attribute");
  if (!document.querySelector("h1")) problems.push("the page has no <h1>");
  if (!document.title.trim()) problems.push("the page has no <title>");
  for (const el of document.querySelectorAll("input, select, textarea")) {
    if (["hidden", "submit", "button", "reset"].includes(el.type)) continue;
    const byFor = el.id && document.querySelector(`label[for="${CSS.escape(el.id)}"]`);
    if (!(byFor || el.closest("label") || el.getAttribute("aria-label") || el.getAttribute("aria-labelledby"))) {
      problems.push(`control ${el.name || el.id || el.outerHTML.slice(0, 60)} has no label`);
    }
  }
  for (const b of document.querySelectorAll("button, input[type=submit]")) {
    if (!(b.textContent || b.value || "").trim() && !b.getAttribute("aria-label")) problems.push("a button says nothing");
  }
  const parse = (c) => {
    const m = c.match(/rgba?\(([^)]+)\)/);
    if (!m) return null;
    const p = m[1].split(/[\s,\/]+/).filter(Boolean).map(Number);
    return [p[0], p[1], p[2], p.length > 3 ? p[3] : 1];
  };
  const lum = (rgb) => {
    const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
    return 0.2126 * f(rgb[0]) + 0.7152 * f(rgb[1]) + 0.0722 * f(rgb[2]);
  };
  const background = (el) => {
    const layers = [];
    for (let e = el; e; e = e.parentElement) {
      const c = parse(getComputedStyle(e).backgroundColor);
      if (c && c[3] > 0) { layers.push(c); if (c[3] >= 1) break; }
    }
    let out = [255, 255, 255];
    for (const c of layers.reverse()) out = out.map((v, i) => v * (1 - c[3]) + c[i] * c[3]);
    return out;
  };
  for (const el of document.body.querySelectorAll("*")) {
    if (el.closest("svg")) continue;
    const own = [...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim());
    if (!own) continue;
    const st = getComputedStyle(el);
    if (st.visibility === "hidden" || st.display === "none" || el.getClientRects().length === 0) continue;
    const fg = parse(st.color);
    if (!fg) continue;
    const back = background(el);
    const front = fg.slice(0, 3).map((v, i) => v * fg[3] + back[i] * (1 - fg[3]));
    const a = lum(front), b = lum(back);
    const ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
    const size = parseFloat(st.fontSize), bold = parseInt(st.fontWeight, 10) >= 700;
    const need = size >= 24 || (size >= 18.66 && bold) ? 3 : 4.5;
    if (ratio < need) problems.push(`contrast ${ratio.toFixed(2)}:1 < ${need}:1 for "${el.textContent.trim().slice(0, 40)}"`);
  }
  return problems;
}
"""


def problems(page: Any) -> list[str]:
    """What the page fails of the pass (empty: it passes)."""
    return list(page.evaluate(CHECK))
