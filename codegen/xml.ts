/**
 * A small XML reader for the XSDs: elements, attributes and namespace declarations. Text content, comments,
 * processing instructions and DOCTYPEs are skipped: a schema compiler needs only the element tree.
 */
export interface XmlElement {
  /** Namespace URI of the element. */
  readonly ns: string;
  readonly local: string;
  readonly attrs: Readonly<Record<string, string>>;
  readonly children: XmlElement[];
  /** In-scope namespace bindings ('' = default namespace), for resolving QName-valued attributes. */
  readonly scope: ReadonlyMap<string, string>;
  readonly line: number;
}

const ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

function unescape(s: string): string {
  return s.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[a-z]+);/g, (m, e: string) => {
    if (e.startsWith('#x')) return String.fromCodePoint(parseInt(e.slice(2), 16));
    if (e.startsWith('#')) return String.fromCodePoint(parseInt(e.slice(1), 10));
    return ENTITIES[e] ?? m;
  });
}

const END_TAG = /<\/([^\s>]+)\s*>/y;
const START_TAG = /<([^\s/>]+)((?:\s+[^\s=/>]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*(\/?)>/y;

export function parseXml(text: string, source: string): XmlElement {
  let i = 0;
  let line = 1;
  const stack: { el: XmlElement; qname: string }[] = [];
  let root: XmlElement | undefined;
  function fail(why: string): never {
    throw new Error(`${source}:${line}: ${why}`);
  }
  const skipTo = (end: string): void => {
    const j = text.indexOf(end, i);
    if (j < 0) fail(`unterminated construct, expected ${end}`);
    for (let k = i; k < j; k++) if (text.charCodeAt(k) === 10) line++;
    i = j + end.length;
  };
  while (i < text.length) {
    const lt = text.indexOf('<', i);
    if (lt < 0) break;
    for (let k = i; k < lt; k++) if (text.charCodeAt(k) === 10) line++;
    i = lt;
    if (text.startsWith('<!--', i)) skipTo('-->');
    else if (text.startsWith('<?', i)) skipTo('?>');
    else if (text.startsWith('<![CDATA[', i)) skipTo(']]>');
    else if (text.startsWith('<!', i)) skipTo('>');
    else if (text.startsWith('</', i)) {
      END_TAG.lastIndex = i;
      const close = END_TAG.exec(text);
      if (!close) fail('malformed end tag');
      const open = stack.pop();
      if (!open || open.qname !== close[1]) fail(`end tag </${close[1]}> does not match <${open?.qname}>`);
      i += close[0].length;
    } else {
      START_TAG.lastIndex = i;
      const tag = START_TAG.exec(text);
      if (!tag) fail('malformed start tag');
      const [whole, qname, attrText, selfClose] = tag;
      const raw: Record<string, string> = {};
      for (const m of attrText.matchAll(/([^\s=]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g)) raw[m[1]] = unescape(m[2] ?? m[3]);
      const parentScope = stack.length ? stack[stack.length - 1].el.scope : new Map<string, string>();
      const scope = new Map(parentScope);
      const attrs: Record<string, string> = {};
      for (const [k, v] of Object.entries(raw)) {
        if (k === 'xmlns') scope.set('', v);
        else if (k.startsWith('xmlns:')) scope.set(k.slice(6), v);
        else attrs[k] = v;
      }
      const colon = qname.indexOf(':');
      const prefix = colon < 0 ? '' : qname.slice(0, colon);
      const ns = scope.get(prefix);
      if (ns === undefined && prefix !== '') fail(`unbound prefix ${prefix}`);
      const el: XmlElement = { ns: ns ?? '', local: qname.slice(colon + 1), attrs, children: [], scope, line };
      if (stack.length) stack[stack.length - 1].el.children.push(el);
      else if (root) fail('more than one root element');
      else root = el;
      for (let k = 0; k < whole.length; k++) if (whole.charCodeAt(k) === 10) line++;
      i += whole.length;
      if (!selfClose) stack.push({ el, qname });
    }
  }
  if (stack.length) fail(`unclosed element <${stack[stack.length - 1].qname}>`);
  if (!root) fail('no root element');
  return root as XmlElement;
}
