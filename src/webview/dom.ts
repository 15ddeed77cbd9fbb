// Minimal DOM helpers. Data strings only ever become Text nodes or attribute values set with
// setAttribute — never HTML — so a cell like `<img src=x onerror=alert(1)>` shows as text.

export type Child = Node | string | null | undefined | false;

/**
 * Create an element with attributes (set via setAttribute) and children (strings become Text
 * nodes). Example: `el('td', { class: 'num' }, '1.989 bits')`.
 */
export function el<K extends keyof HTMLElementTagNameMap>(tag: K, attributes: Record<string, string | number | boolean | undefined> = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === false) continue;
    element.setAttribute(name, value === true ? '' : String(value));
  }
  append(element, ...children);
  return element;
}

export function append(parent: Node, ...children: Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    parent.appendChild(typeof child === 'string' ? document.createTextNode(child) : child);
  }
}

/** Replace all children of `parent`. */
export function replaceChildren(parent: Element, ...children: Child[]): void {
  parent.replaceChildren();
  append(parent, ...children);
}
