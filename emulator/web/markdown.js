// Discord's markdown as HTML: code blocks and inline code, headings, subtext, block quotes,
// lists, bold, italics, underline, strike-through, spoilers, masked and bare links, mentions,
// slash-command mentions, custom emoji and timestamps. Everything else is escaped text.
//
// ctx: { user(id) -> name, role(id) -> name, channel(id) -> name, time(unix, style) -> text,
//        fullTime(unix) -> text }

import { escapeHtml as esc } from './format.js';

const SLOT = /\u0000(\d+)\u0000/g;
const BLOCK_SLOT = /^\u0001(\d+)\u0001$/;

function link(url, labelHtml) {
  return `<a href="${esc(url)}" target="_blank" rel="noopener noreferrer">${labelHtml}</a>`;
}

function inline(html) {
  return html
    .replace(/\*\*\*(.+?)\*\*\*/g, '<strong><em>$1</em></strong>')
    .replace(/\*\*(.+?)\*\*/g, '<strong>$1</strong>')
    .replace(/__(.+?)__/g, '<u>$1</u>')
    .replace(/\*([^*\s](?:[^*]*[^*\s])?)\*/g, '<em>$1</em>')
    .replace(/(^|[^\w])_([^_\s](?:[^_]*[^_\s])?)_(?!\w)/g, '$1<em>$2</em>')
    .replace(/~~(.+?)~~/g, '<s>$1</s>')
    .replace(/\|\|(.+?)\|\|/g, '<span class="spoiler" tabindex="0">$1</span>');
}

function listHtml(items) {
  // items: [{indent, ordered, html}] -> nested <ul>/<ol> (two levels, as Discord renders)
  let out = '';
  const stack = [];
  for (const item of items) {
    const level = stack.length && item.indent >= 2 ? 1 : 0;
    const tag = item.ordered ? 'ol' : 'ul';
    while (stack.length > level + 1) out += `</li></${stack.pop()}>`;
    if (stack.length === level + 1 && stack[level] !== tag) out += `</li></${stack.pop()}>`;
    if (stack.length === level) {
      const start = item.ordered && item.number > 1 ? ` start="${item.number}"` : '';
      out += `<${tag}${start}>`;
      stack.push(tag);
    } else {
      out += '</li>';
    }
    out += `<li>${item.html}`;
  }
  while (stack.length) out += `</li></${stack.pop()}>`;
  return out;
}

function blocks(text) {
  const lines = text.split('\n');
  const out = [];
  let list = [];
  let quote = [];
  const flush = () => {
    if (list.length) out.push({ block: true, html: listHtml(list) });
    if (quote.length) out.push({ block: true, html: `<blockquote>${quote.join('<br>')}</blockquote>` });
    list = [];
    quote = [];
  };
  for (let i = 0; i < lines.length; i += 1) {
    const line = lines[i];
    let m;
    if ((m = line.match(BLOCK_SLOT))) {
      flush();
      out.push({ block: true, html: line });
    } else if ((m = line.match(/^&gt;&gt;&gt; ?(.*)$/))) {
      flush();
      const rest = [m[1], ...lines.slice(i + 1)].map(inline).join('<br>');
      out.push({ block: true, html: `<blockquote>${rest}</blockquote>` });
      break;
    } else if ((m = line.match(/^&gt; ?(.*)$/))) {
      if (list.length) flush();
      quote.push(inline(m[1]));
    } else if ((m = line.match(/^(#{1,3}) (.+)$/))) {
      flush();
      out.push({ block: true, html: `<h${m[1].length + 2} class="md-h${m[1].length}">${inline(m[2])}</h${m[1].length + 2}>` });
    } else if ((m = line.match(/^-# (.+)$/))) {
      flush();
      out.push({ block: true, html: `<div class="subtext">${inline(m[1])}</div>` });
    } else if ((m = line.match(/^(\s*)([-*]|(\d+)\.) (.+)$/))) {
      if (quote.length) flush();
      list.push({ indent: m[1].length, ordered: Boolean(m[3]), number: Number(m[3] || 1),
        html: inline(m[4]) });
    } else {
      flush();
      out.push({ block: false, html: inline(line) });
    }
  }
  flush();
  let html = '';
  out.forEach((part, k) => {
    if (k > 0 && !part.block && !out[k - 1].block) html += '<br>';
    html += part.html;
  });
  return html;
}

export function renderMarkdown(text, ctx, { inlineOnly = false } = {}) {
  if (!text) return '';
  const slots = [];
  const keep = (html, block = false) => {
    slots.push(html);
    const n = slots.length - 1;
    return block ? `\u0001${n}\u0001` : `\u0000${n}\u0000`;
  };
  let s = String(text);
  s = s.replace(/```(?:([\w+-]+)\n)?\n?([\s\S]*?)```/g,
    (_, lang, code) => keep(`<pre class="codeblock"><code>${esc(code.replace(/\n$/, ''))}</code></pre>`, !inlineOnly));
  s = s.replace(/``(.+?)``|`([^`\n]+?)`/g, (_, a, b) => keep(`<code class="inline">${esc(a ?? b)}</code>`));
  s = s.replace(/\\([*_~|`>#\-\\[\]()<:])/g, (_, c) => keep(esc(c)));
  s = s.replace(/<t:(-?\d+)(?::([tTdDfFR]))?>/g, (_, unix, style) => keep(
    `<span class="timestamp" title="${esc(ctx.fullTime(Number(unix)))}">${esc(ctx.time(Number(unix), style || 'f'))}</span>`));
  s = s.replace(/<@!?(\d+)>/g, (_, id) => keep(`<span class="mention">@${esc(ctx.user(id))}</span>`));
  s = s.replace(/<@&(\d+)>/g, (_, id) => keep(`<span class="mention">@${esc(ctx.role(id))}</span>`));
  s = s.replace(/<#(\d+)>/g, (_, id) => keep(`<span class="mention">#${esc(ctx.channel(id))}</span>`));
  s = s.replace(/<\/([\w\- ]+):(\d+)>/g, (_, name) => keep(`<span class="mention">/${esc(name)}</span>`));
  s = s.replace(/<a?:(\w+):(\d+)>/g, (_, name) => keep(`:${esc(name)}:`));
  s = s.replace(/\[([^\]\n]+)\]\(<?(https?:\/\/[^\s)>]+)>?\)/g,
    (_, label, url) => keep(link(url, inline(esc(label)))));
  s = s.replace(/<(https?:\/\/[^\s>]+)>/g, (_, url) => keep(link(url, esc(url))));
  s = s.replace(/https?:\/\/[^\s<\u0000]+[^\s<.,:;"')\]\u0000]/g, (url) => keep(link(url, esc(url))));
  s = esc(s).replace(/\n?(\u0001\d+\u0001)\n?/g, '\n$1\n');
  let html = inlineOnly ? inline(s.replace(/\n/g, ' ')) : blocks(s.replace(/^\n+|\n+$/g, ''));
  for (let guard = 0; guard < 5 && /[\u0000\u0001]/.test(html); guard += 1) {
    html = html.replace(SLOT, (_, n) => slots[Number(n)])
      .replace(/\u0001(\d+)\u0001/g, (_, n) => slots[Number(n)]);
  }
  return html;
}
