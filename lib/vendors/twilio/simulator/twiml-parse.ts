/** A small XML reader for TwiML documents (elements, attributes, text, entities, CDATA, comments). */

export interface TwimlNode {
  name: string;
  attrs: Record<string, string>;
  children: TwimlNode[];
  /** concatenated direct text content, entities decoded, trimmed */
  text: string;
}

export class TwimlParseError extends Error {}

const ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };

export function decodeEntities(s: string): string {
  return s.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[a-z]+);/g, (whole, ent: string) => {
    if (ent.startsWith("#x")) return String.fromCodePoint(parseInt(ent.slice(2), 16));
    if (ent.startsWith("#")) return String.fromCodePoint(parseInt(ent.slice(1), 10));
    return ENTITIES[ent] ?? whole;
  });
}

/** Parse a TwiML document; returns the root element (normally <Response>). */
export function parseTwiml(xml: string): TwimlNode {
  const stack: { node: TwimlNode; text: string[] }[] = [];
  let root: TwimlNode | null = null;
  const tagRe = /<!--[\s\S]*?-->|<\?[\s\S]*?\?>|<!\[CDATA\[([\s\S]*?)\]\]>|<\/\s*([A-Za-z][\w:.-]*)\s*>|<([A-Za-z][\w:.-]*)((?:\s+[^\s=/>]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*(\/?)>/g;
  let last = 0;
  for (let m = tagRe.exec(xml); m; m = tagRe.exec(xml)) {
    const between = xml.slice(last, m.index);
    if (between.trim()) {
      if (!stack.length) throw new TwimlParseError("text outside the root element");
      stack[stack.length - 1]?.text.push(decodeEntities(between));
    }
    last = tagRe.lastIndex;
    const [whole, cdata, closing, opening, attrText, selfClose] = m;
    if (whole.startsWith("<!--") || whole.startsWith("<?")) continue;
    if (cdata !== undefined) {
      stack[stack.length - 1]?.text.push(cdata);
    } else if (closing) {
      const top = stack.pop();
      if (!top || top.node.name !== closing) throw new TwimlParseError(`unexpected </${closing}>`);
      top.node.text = top.text.join("").trim();
    } else if (opening) {
      const node: TwimlNode = { name: opening, attrs: parseAttrs(attrText ?? ""), children: [], text: "" };
      const parent = stack[stack.length - 1];
      if (parent) parent.node.children.push(node);
      else if (root) throw new TwimlParseError("more than one root element");
      else root = node;
      if (!selfClose) stack.push({ node, text: [] });
    }
  }
  if (xml.slice(last).trim()) throw new TwimlParseError("trailing content");
  if (stack.length) throw new TwimlParseError(`unclosed <${stack[stack.length - 1]?.node.name}>`);
  if (!root) throw new TwimlParseError("empty document");
  return root;
}

function parseAttrs(text: string): Record<string, string> {
  const attrs: Record<string, string> = {};
  const re = /([^\s=/>]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    attrs[m[1] as string] = decodeEntities(m[2] ?? m[3] ?? "");
  }
  return attrs;
}

export function boolAttr(value: string | undefined, fallback: boolean): boolean {
  if (value === undefined) return fallback;
  return value.toLowerCase() === "true";
}

export function numAttr(value: string | undefined, fallback: number): number {
  const n = value === undefined ? NaN : Number(value);
  return Number.isFinite(n) ? n : fallback;
}
