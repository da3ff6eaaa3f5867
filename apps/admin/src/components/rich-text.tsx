/**
 * Activity descriptions: a small rich-text editor (bold, italic, heading, lists, links) and a
 * renderer. The server sanitises what it stores; the console never puts HTML into the page as
 * HTML: everything goes through an allowlist that rebuilds clean nodes (React elements for
 * display, DOM nodes for the editor), so a stray `<img onerror>` or `javascript:` link is dropped
 * before it could run.
 */
import { createElement, useCallback, useEffect, useRef, useState } from 'react';
import type { ClipboardEvent, KeyboardEvent, ReactNode } from 'react';
import { Button, Input, Popover, Space, Tooltip } from 'antd';
import { BoldOutlined, ClearOutlined, FontSizeOutlined, ItalicOutlined, LinkOutlined, OrderedListOutlined, UnorderedListOutlined } from '@ant-design/icons';
import { useI18n } from '../i18n';

type CleanTag = 'p' | 'br' | 'strong' | 'em' | 'u' | 's' | 'h3' | 'h4' | 'ul' | 'ol' | 'li' | 'a' | 'blockquote';
interface CleanElement {
  tag: CleanTag;
  href?: string;
  children: CleanNode[];
}
type CleanNode = CleanElement | string;

/** Elements kept (renamed to their clean form). Others are unwrapped, or dropped with their content. */
const KEEP: Record<string, CleanTag> = {
  p: 'p',
  div: 'p',
  br: 'br',
  strong: 'strong',
  b: 'strong',
  em: 'em',
  i: 'em',
  u: 'u',
  s: 's',
  strike: 's',
  h1: 'h3',
  h2: 'h3',
  h3: 'h3',
  h4: 'h4',
  h5: 'h4',
  h6: 'h4',
  ul: 'ul',
  ol: 'ol',
  li: 'li',
  a: 'a',
  blockquote: 'blockquote',
};
const DROP = new Set([
  'script',
  'style',
  'iframe',
  'frame',
  'frameset',
  'object',
  'embed',
  'template',
  'noscript',
  'svg',
  'math',
  'head',
  'title',
  'meta',
  'link',
  'base',
  'form',
  'input',
  'button',
  'textarea',
  'select',
  'option',
  'img',
  'video',
  'audio',
  'source',
  'canvas',
]);

/** Links members may follow: web, mail and phone, or a path on this site. */
export function safeHref(raw: string | null): string | null {
  if (!raw) return null;
  const href = raw.trim();
  if (/^\/(?!\/)/.test(href)) return href;
  try {
    const url = new URL(href);
    return ['http:', 'https:', 'mailto:', 'tel:'].includes(url.protocol) ? url.href : null;
  } catch {
    return null;
  }
}

function cleanChildren(node: Node): CleanNode[] {
  const out: CleanNode[] = [];
  node.childNodes.forEach((child) => {
    out.push(...cleanNode(child));
  });
  return out;
}

function cleanNode(node: Node): CleanNode[] {
  if (node.nodeType === Node.TEXT_NODE) return node.textContent ? [node.textContent] : [];
  if (node.nodeType !== Node.ELEMENT_NODE) return [];
  const element = node as Element;
  const name = element.localName;
  if (DROP.has(name)) return [];
  const tag = KEEP[name];
  const children = cleanChildren(element);
  if (!tag) return children;
  if (tag === 'br') return [{ tag, children: [] }];
  if (tag === 'a') {
    const href = safeHref(element.getAttribute('href'));
    return href ? [{ tag, href, children }] : children;
  }
  return [{ tag, children }];
}

/**
 * Parse HTML in an inert document (DOMParser runs no scripts and loads nothing) and keep only
 * the allowlisted structure.
 */
export function cleanHtml(html: string): CleanNode[] {
  if (!html.trim()) return [];
  const doc = new DOMParser().parseFromString(html, 'text/html');
  return normalizeBlocks(cleanChildren(doc.body));
}

const BLOCKS = new Set<CleanTag>(['p', 'h3', 'h4', 'ul', 'ol', 'li', 'blockquote']);
const isBlock = (node: CleanNode) => typeof node !== 'string' && BLOCKS.has(node.tag);

/**
 * Tidy what contentEditable makes: a paragraph holding blocks (a list typed inside a paragraph)
 * gives way to its children, and loose text between blocks becomes a paragraph of its own.
 */
function normalizeBlocks(nodes: CleanNode[]): CleanNode[] {
  const flat: CleanNode[] = [];
  for (const node of nodes) {
    // Empty paragraphs and headings are what Enter leaves behind.
    if (typeof node !== 'string' && (node.tag === 'p' || node.tag === 'h3' || node.tag === 'h4') && !hasText(node.children)) continue;
    if (typeof node !== 'string' && node.tag === 'p' && node.children.some(isBlock)) flat.push(...normalizeBlocks(node.children));
    else if (typeof node !== 'string' && (node.tag === 'ul' || node.tag === 'ol' || node.tag === 'blockquote')) flat.push({ ...node, children: node.children.map(tidyInside) });
    else flat.push(node);
  }
  if (!flat.some(isBlock)) return flat;
  const out: CleanNode[] = [];
  let run: CleanNode[] = [];
  const flush = () => {
    const trimmed = trimBreaks(run);
    if (hasText(trimmed)) out.push({ tag: 'p', children: trimmed });
    run = [];
  };
  for (const node of flat) {
    if (isBlock(node)) {
      flush();
      out.push(node);
    } else {
      run.push(node);
    }
  }
  flush();
  return out;
}

/** Inside a list item or quote: a paragraph holding blocks gives way to them as well. */
function tidyInside(node: CleanNode): CleanNode {
  if (typeof node === 'string') return node;
  return { ...node, children: node.tag === 'li' || node.tag === 'blockquote' ? normalizeBlocks(node.children) : node.children };
}

/** Line breaks at the ends of a run are what separated it from the blocks around it. */
function trimBreaks(nodes: CleanNode[]): CleanNode[] {
  let start = 0;
  let end = nodes.length;
  const isBreak = (node: CleanNode | undefined) => node !== undefined && typeof node !== 'string' && node.tag === 'br';
  while (start < end && isBreak(nodes[start])) start++;
  while (end > start && isBreak(nodes[end - 1])) end--;
  return nodes.slice(start, end);
}

function escapeText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\u00a0/g, '&nbsp;');
}

function serialize(nodes: CleanNode[]): string {
  return nodes
    .map((node) => {
      if (typeof node === 'string') return escapeText(node);
      if (node.tag === 'br') return '<br>';
      const attrs = node.tag === 'a' && node.href ? ` href="${escapeText(node.href).replace(/"/g, '&quot;')}"` : '';
      return `<${node.tag}${attrs}>${serialize(node.children)}</${node.tag}>`;
    })
    .join('');
}

function hasText(nodes: CleanNode[]): boolean {
  return nodes.some((node) => (typeof node === 'string' ? node.trim() !== '' : hasText(node.children)));
}

function toHtml(nodes: CleanNode[]): string {
  return hasText(nodes) ? serialize(nodes) : '';
}

/** The allowlisted form of `html` as HTML text ('' when there is no text at all). */
export function sanitizeHtml(html: string): string {
  return toHtml(cleanHtml(html));
}

function toReact(nodes: CleanNode[], prefix = ''): ReactNode[] {
  return nodes.map((node, index) => {
    const key = `${prefix}${index}`;
    if (typeof node === 'string') return node;
    if (node.tag === 'br') return createElement('br', { key });
    if (node.tag === 'a') {
      return createElement('a', { key, href: node.href, target: '_blank', rel: 'noopener noreferrer nofollow' }, ...toReact(node.children, `${key}.`));
    }
    return createElement(node.tag, { key }, ...toReact(node.children, `${key}.`));
  });
}

function toDom(nodes: CleanNode[], doc: Document): Node[] {
  return nodes.map((node) => {
    if (typeof node === 'string') return doc.createTextNode(node);
    const element = doc.createElement(node.tag);
    if (node.tag === 'a' && node.href) element.setAttribute('href', node.href);
    element.append(...toDom(node.children, doc));
    return element;
  });
}

/** Show a description (e.g. the server's sanitised `descriptionHtml`) through the allowlist. */
export function RichText({ html, className, 'data-testid': testId }: { html: string; className?: string; 'data-testid'?: string }) {
  const nodes = cleanHtml(html);
  return (
    <div className={`gh-rich-text${className ? ` ${className}` : ''}`} data-testid={testId}>
      {toReact(nodes)}
    </div>
  );
}

export interface RichTextEditorProps {
  id?: string;
  value?: string;
  onChange?: (value: string) => void;
  placeholder?: string;
  /** Limit of the HTML length (the schema's). */
  maxLength?: number;
  'data-testid'?: string;
}

/**
 * contentEditable with a toolbar. The value it reports is always the allowlisted HTML; pasted
 * content is cleaned before it goes in.
 */
export function RichTextEditor({ id, value = '', onChange, placeholder, maxLength, 'data-testid': testId }: RichTextEditorProps) {
  const { t } = useI18n();
  const editorRef = useRef<HTMLDivElement>(null);
  /** The last value this editor reported; a different `value` comes from outside and replaces the content. */
  const emittedRef = useRef<string | null>(null);
  const savedRangeRef = useRef<Range | null>(null);
  const [linkOpen, setLinkOpen] = useState(false);
  const [linkHref, setLinkHref] = useState('');
  const [linkError, setLinkError] = useState(false);

  useEffect(() => {
    const editor = editorRef.current;
    if (!editor || value === emittedRef.current) return;
    editor.replaceChildren(...toDom(cleanHtml(value), document));
    emittedRef.current = value;
  }, [value]);

  const emit = useCallback(() => {
    const editor = editorRef.current;
    if (!editor) return;
    // Read the live nodes: re-parsing innerHTML would split a list typed inside a paragraph.
    const next = toHtml(normalizeBlocks(cleanChildren(editor)));
    emittedRef.current = next;
    onChange?.(next);
  }, [onChange]);

  const exec = (command: string, argument?: string) => {
    editorRef.current?.focus();
    // execCommand is deprecated but still the only editing API every browser has; the result
    // is cleaned on the way out either way.
    document.execCommand(command, false, argument);
    emit();
  };

  const onPaste = (event: ClipboardEvent<HTMLDivElement>) => {
    event.preventDefault();
    const html = event.clipboardData.getData('text/html');
    if (html) {
      document.execCommand('insertHTML', false, sanitizeHtml(html));
    } else {
      document.execCommand('insertText', false, event.clipboardData.getData('text/plain'));
    }
    emit();
  };

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (!(event.ctrlKey || event.metaKey)) return;
    const key = event.key.toLowerCase();
    if (key === 'b' || key === 'i') {
      event.preventDefault();
      exec(key === 'b' ? 'bold' : 'italic');
    }
  };

  const saveSelection = () => {
    const selection = window.getSelection();
    const editor = editorRef.current;
    if (selection && selection.rangeCount && editor && editor.contains(selection.anchorNode)) {
      savedRangeRef.current = selection.getRangeAt(0).cloneRange();
    } else {
      savedRangeRef.current = null;
    }
  };

  const insertLink = () => {
    const href = safeHref(linkHref);
    if (!href) {
      setLinkError(true);
      return;
    }
    const editor = editorRef.current;
    editor?.focus();
    const selection = window.getSelection();
    const range = savedRangeRef.current;
    if (selection && range) {
      selection.removeAllRanges();
      selection.addRange(range);
    }
    if (range && !range.collapsed) document.execCommand('createLink', false, href);
    else document.execCommand('insertHTML', false, serialize([{ tag: 'a', href, children: [href] }]));
    setLinkOpen(false);
    setLinkHref('');
    emit();
  };

  const tool = (title: string, icon: ReactNode, onClick: () => void, name: string) => (
    <Tooltip title={title}>
      <Button
        type="text"
        size="small"
        icon={icon}
        aria-label={title}
        // Keep the selection in the editor: a button press would otherwise take the focus.
        onMouseDown={(event) => event.preventDefault()}
        onClick={onClick}
        data-testid={`rich-${name}`}
      />
    </Tooltip>
  );

  const length = value.length;
  return (
    <div className="gh-rich-editor">
      <Space size={2} className="gh-rich-toolbar" wrap>
        {tool(t('richText.bold'), <BoldOutlined />, () => exec('bold'), 'bold')}
        {tool(t('richText.italic'), <ItalicOutlined />, () => exec('italic'), 'italic')}
        {tool(t('richText.heading'), <FontSizeOutlined />, () => exec('formatBlock', 'h3'), 'heading')}
        {tool(t('richText.bullets'), <UnorderedListOutlined />, () => exec('insertUnorderedList'), 'bullets')}
        {tool(t('richText.numbers'), <OrderedListOutlined />, () => exec('insertOrderedList'), 'numbers')}
        <Popover
          open={linkOpen}
          onOpenChange={(open) => {
            if (open) saveSelection();
            setLinkOpen(open);
            setLinkError(false);
          }}
          trigger="click"
          title={t('richText.link')}
          content={
            <Space.Compact className="gh-rich-link">
              <Input
                autoFocus
                value={linkHref}
                status={linkError ? 'error' : undefined}
                placeholder="https://"
                onChange={(event) => {
                  setLinkHref(event.target.value);
                  setLinkError(false);
                }}
                onPressEnter={insertLink}
                data-testid="rich-link-href"
              />
              <Button type="primary" onClick={insertLink} data-testid="rich-link-ok">
                {t('common.confirm')}
              </Button>
            </Space.Compact>
          }
        >
          <span>
            <Tooltip title={t('richText.link')}>
              <Button type="text" size="small" icon={<LinkOutlined />} aria-label={t('richText.link')} onMouseDown={(event) => event.preventDefault()} data-testid="rich-link" />
            </Tooltip>
          </span>
        </Popover>
        {tool(
          t('richText.clear'),
          <ClearOutlined />,
          () => {
            exec('removeFormat');
            exec('formatBlock', 'p');
          },
          'clear',
        )}
      </Space>
      <div
        id={id}
        ref={editorRef}
        className="gh-rich-area gh-rich-text"
        contentEditable
        suppressContentEditableWarning
        role="textbox"
        aria-multiline
        aria-label={placeholder}
        data-placeholder={placeholder}
        onFocus={() => document.execCommand('defaultParagraphSeparator', false, 'p')}
        onInput={emit}
        onBlur={emit}
        onPaste={onPaste}
        onKeyDown={onKeyDown}
        data-testid={testId}
      />
      {maxLength ? (
        <div className={`gh-rich-count${length > maxLength ? ' gh-rich-count-over' : ''}`}>
          {length} / {maxLength}
        </div>
      ) : null}
    </div>
  );
}
