/**
 * An activity's description: HTML that the server has already sanitised, shown in a styled block.
 * The server is the line of defence; this pass (an allow-list over the parsed tree) is a second
 * one, so a sanitiser bug there does not become script here, and links leave the app safely.
 */
import { useMemo } from 'react';

const ALLOWED_TAGS = new Set([
  'p', 'br', 'hr', 'b', 'strong', 'i', 'em', 'u', 's', 'del', 'ins', 'mark', 'small', 'sub', 'sup', 'span', 'div',
  'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'ul', 'ol', 'li', 'blockquote', 'pre', 'code', 'a', 'img', 'figure', 'figcaption',
  'table', 'thead', 'tbody', 'tfoot', 'tr', 'th', 'td', 'caption', 'colgroup', 'col',
]);
/** Dropped with everything inside them (the rest of the unknown tags keep their text). */
const DROP_WITH_CONTENT = new Set(['script', 'style', 'iframe', 'object', 'embed', 'template', 'noscript', 'svg', 'math', 'form', 'input', 'button', 'textarea', 'select']);
const ALLOWED_ATTRS: Record<string, readonly string[]> = {
  a: ['href', 'title'],
  img: ['src', 'alt', 'title', 'width', 'height'],
  td: ['colspan', 'rowspan'],
  th: ['colspan', 'rowspan'],
  col: ['span'],
  ol: ['start'],
};
const SAFE_URL = /^(https?:|mailto:|tel:|\/(?!\/)|#)/i;
const SAFE_IMG = /^(https?:|\/(?!\/)|data:image\/(png|jpe?g|gif|webp);)/i;

function clean(node: Element, doc: Document): void {
  for (const child of Array.from(node.children)) {
    const tag = child.tagName.toLowerCase();
    if (DROP_WITH_CONTENT.has(tag)) {
      child.remove();
      continue;
    }
    clean(child, doc);
    if (!ALLOWED_TAGS.has(tag)) {
      const fragment = doc.createDocumentFragment();
      while (child.firstChild) fragment.appendChild(child.firstChild);
      child.replaceWith(fragment);
      continue;
    }
    const allowed = ALLOWED_ATTRS[tag] ?? [];
    for (const attr of Array.from(child.attributes)) {
      if (!allowed.includes(attr.name)) child.removeAttribute(attr.name);
    }
    if (tag === 'a') {
      const href = child.getAttribute('href')?.trim() ?? '';
      if (!SAFE_URL.test(href)) child.removeAttribute('href');
      else if (/^https?:/i.test(href)) {
        child.setAttribute('target', '_blank');
        child.setAttribute('rel', 'noopener noreferrer');
      }
    }
    if (tag === 'img') {
      const src = child.getAttribute('src')?.trim() ?? '';
      if (!SAFE_IMG.test(src)) child.remove();
      else child.setAttribute('loading', 'lazy');
    }
  }
}

/** The HTML with only the allowed tags and attributes left. */
export function sanitizeHtml(html: string): string {
  if (typeof DOMParser === 'undefined') return '';
  const doc = new DOMParser().parseFromString(`<!doctype html><body>${html}`, 'text/html');
  clean(doc.body, doc);
  return doc.body.innerHTML;
}

export function RichHtml({ html, className, testId }: { html: string; className?: string; testId?: string }) {
  const safe = useMemo(() => sanitizeHtml(html), [html]);
  return <div className={['rich-text', className ?? ''].filter(Boolean).join(' ')} data-testid={testId} dangerouslySetInnerHTML={{ __html: safe }} />;
}
