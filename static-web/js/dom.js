// Builds DOM nodes. API data is user-controlled (model names, column names, categories, error
// messages), so it only ever reaches the page as text nodes and attribute values: never as markup.

const SVG_NS = 'http://www.w3.org/2000/svg';

/**
 * h('a', {href: '#/', class: 'link', onClick: fn}, 'text', child, [more, children])
 * Attribute values of true become empty attributes; false, null and undefined leave the attribute
 * out. Functions under on* names become event listeners. Children may be nodes, strings, numbers,
 * arrays, or null/false (skipped), so optional parts can be written inline.
 */
export function h(tag, attributes = {}, ...children) {
  return build(document.createElement(tag), attributes, children);
}

/** Like h, for SVG elements. */
export function svg(tag, attributes = {}, ...children) {
  return build(document.createElementNS(SVG_NS, tag), attributes, children);
}

function build(element, attributes, children) {
  for (const [name, value] of Object.entries(attributes)) {
    if (typeof value === 'function' && name.startsWith('on')) {
      element.addEventListener(name.slice(2).toLowerCase(), value);
    } else if (value === true) {
      element.setAttribute(name, '');
    } else if (value !== false && value != null) {
      element.setAttribute(name, String(value));
    }
  }
  element.append(...flatten(children));
  return element;
}

function flatten(children) {
  return children.flat(Infinity)
    .filter((child) => child != null && child !== false)
    .map((child) => (child instanceof Node ? child : document.createTextNode(String(child))));
}

/** Replaces everything inside element with the given children. */
export function replace(element, ...children) {
  element.replaceChildren(...flatten(children));
  return element;
}
