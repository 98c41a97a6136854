// A small DOM, enough for studykit's typed.js: elements with classes, ids, children and
// text, built from Anki's HTML by a tag-by-tag reader (the card HTML is well-formed: Anki
// wrote it). Reads {script, pairs, pages} as JSON on stdin, prints the results as JSON.
const fs = require("fs");
const input = JSON.parse(fs.readFileSync(0, "utf8"));
function parse(html) {
  const root = { nodeName: "#root", children: [], attrs: {} };
  const stack = [root];
  const re = /<(\/)?([a-zA-Z0-9]+)([^>]*)>|([^<]+)/g;
  let m;
  const voids = new Set(["br", "hr", "img", "input"]);
  while ((m = re.exec(html))) {
    const top = stack[stack.length - 1];
    if (m[4] !== undefined) {
      top.children.push({ nodeName: "#text", text: decode(m[4]), children: [] });
    } else if (m[1]) {
      stack.pop();
    } else {
      const attrs = {};
      m[3].replace(/([a-zA-Z-]+)=(?:"([^"]*)"|([^\s>]+))/g, (_, k, a, b) => { attrs[k] = a ?? b; });
      const el = { nodeName: m[2].toUpperCase(), attrs, children: [] };
      top.children.push(el);
      if (!voids.has(m[2].toLowerCase()) && !m[3].endsWith("/")) stack.push(el);
    }
  }
  return root;
}
function decode(t) {
  return t.replace(/&darr;/g, "\u2193").replace(/&lt;/g, "<").replace(/&gt;/g, ">")
    .replace(/&#(\d+);/g, (_, n) => String.fromCodePoint(+n)).replace(/&amp;/g, "&");
}
function wrap(node, parent) {
  if (!node || node.wrapped) return node && node.wrapped;
  const w = {
    nodeName: node.nodeName,
    get textContent() { return node.nodeName === "#text" ? node.text : node.children.map((c) => wrap(c, node).textContent).join(""); },
    set textContent(v) { node.children = [{ nodeName: "#text", text: v, children: [] }]; },
    get firstChild() { return wrap(node.children[0], node); },
    get nextSibling() { const s = parent.children; return wrap(s[s.indexOf(node) + 1], parent); },
    get parentNode() { return wrap(parent, parent.parent); },
    classList: {
      contains: (c) => (node.attrs && (node.attrs.class || "").split(/\s+/).includes(c)),
      add: (c) => { node.attrs.class = ((node.attrs.class || "") + " " + c).trim(); },
    },
    set className(v) { node.attrs.class = v; },
    insertBefore(newNode, ref) { node.children.splice(node.children.indexOf(ref.raw), 0, newNode.raw); newNode.raw.parent = node; },
    querySelector(sel) { return find(node, sel); },
    raw: node,
  };
  node.parent = parent;
  node.wrapped = w;
  return w;
}
function all(node, out = []) { for (const c of node.children) { out.push(c); all(c, out); } return out; }
function find(node, sel) {
  const hit = all(node).find((n) => sel.startsWith("#") ? n.attrs && n.attrs.id === sel.slice(1)
    : n.attrs && (n.attrs.class || "").split(/\s+/).includes(sel.slice(1)));
  return hit ? wrap(hit, hit.parent || node) : null;
}
function serialize(node) {
  if (node.nodeName === "#text") return node.text;
  const inner = node.children.map(serialize).join("");
  if (node.nodeName === "#root") return inner;
  const cls = node.attrs.class ? ` class="${node.attrs.class}"` : "";
  const id = node.attrs.id ? ` id="${node.attrs.id}"` : "";
  return `<${node.nodeName.toLowerCase()}${id}${cls}>${inner}</${node.nodeName.toLowerCase()}>`;
}
eval(input.script.replace(/if \(typeof document[\s\S]*$/, ""));
const out = {};
out.matches = input.pairs.map(([typed, answers]) => studykitTyped.match(typed, answers));
out.pages = input.pages.map((html) => {
  const root = parse(html);
  const doc = {
    getElementById: (id) => find(root, "#" + id),
    querySelector: (sel) => find(root, sel),
    createElement: (name) => wrap({ nodeName: name.toUpperCase(), attrs: {}, children: [] }, root),
  };
  wrap(root, null);
  const accepted = studykitTyped.run(doc);
  return { accepted, html: serialize(root) };
});
process.stdout.write(JSON.stringify(out));
