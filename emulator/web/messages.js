// One message as Discord's client draws it: who sent it (and which command it answers), its
// content and embeds with markdown, its buttons and selects, and the ephemeral note.
//
// view: { md (markdown ctx), clock: {now, zone, locale}, userName(id),
//         click(message, customId, button), select(message, customId, values), dismiss(id) }

import { avatar, escapeHtml as esc, messageTime } from './format.js';
import { renderMarkdown } from './markdown.js';

const EPHEMERAL = 1 << 6;
const LOADING = 1 << 7;
const BUTTON_STYLES = { 1: 'primary', 2: 'secondary', 3: 'success', 4: 'danger', 5: 'link', 6: 'premium' };

function el(tag, className, html) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (html !== undefined) node.innerHTML = html;
  return node;
}

function embedColor(color) {
  return color == null ? '#1e1f22' : `#${Number(color).toString(16).padStart(6, '0')}`;
}

function renderEmbed(embed, view) {
  const box = el('div', 'embed');
  box.style.borderLeftColor = embedColor(embed.color);
  if (embed.author?.name) box.append(el('div', 'embed-author', esc(embed.author.name)));
  if (embed.title) {
    const title = renderMarkdown(embed.title, view.md, { inlineOnly: true });
    box.append(el('div', 'embed-title', embed.url
      ? `<a href="${esc(embed.url)}" target="_blank" rel="noopener noreferrer">${title}</a>` : title));
  }
  if (embed.description) box.append(el('div', 'embed-description md', renderMarkdown(embed.description, view.md)));
  if (embed.fields?.length) {
    const fields = el('div', 'embed-fields');
    for (const field of embed.fields) {
      const f = el('div', field.inline ? 'embed-field inline' : 'embed-field');
      f.append(el('div', 'embed-field-name', renderMarkdown(field.name, view.md, { inlineOnly: true })));
      f.append(el('div', 'embed-field-value md', renderMarkdown(field.value, view.md)));
      fields.append(f);
    }
    box.append(fields);
  }
  for (const key of ['image', 'thumbnail']) {
    // nothing is fetched from outside this server: pictures are shown as their links
    if (embed[key]?.url) box.append(el('div', 'embed-image', `🖼 ${esc(embed[key].url)}`));
  }
  const footer = [];
  if (embed.footer?.text) footer.push(esc(embed.footer.text));
  if (embed.timestamp) footer.push(esc(messageTime(embed.timestamp, view.clock)));
  if (footer.length) box.append(el('div', 'embed-footer', footer.join(' • ')));
  return box;
}

function renderButton(message, component, view) {
  const style = BUTTON_STYLES[component.style] || 'secondary';
  const label = `${component.emoji?.name ? `${component.emoji.name} ` : ''}${component.label || ''}`;
  if (style === 'link') {
    const a = el('a', 'button link', `${esc(label)} ↗`);
    a.href = component.url;
    a.target = '_blank';
    a.rel = 'noopener noreferrer';
    return a;
  }
  const button = el('button', `button ${style}`);
  button.type = 'button';
  button.textContent = label;
  button.disabled = Boolean(component.disabled);
  button.dataset.customId = component.custom_id;
  button.addEventListener('click', () => view.click(message, component.custom_id, button));
  return button;
}

function renderSelect(message, component, view) {
  const select = el('select', 'select');
  select.dataset.customId = component.custom_id;
  select.disabled = Boolean(component.disabled);
  const placeholder = new Option(component.placeholder || 'Make a selection', '');
  placeholder.disabled = true;
  placeholder.selected = true;
  select.append(placeholder);
  for (const option of component.options || []) select.append(new Option(option.label, option.value));
  select.addEventListener('change', () => view.select(message, component.custom_id, [select.value]));
  return select;
}

function renderComponents(message, view) {
  const box = el('div', 'components');
  for (const row of message.components || []) {
    const r = el('div', 'action-row');
    for (const c of row.components || []) {
      if (c.type === 2) r.append(renderButton(message, c, view));
      else if (c.type === 3) r.append(renderSelect(message, c, view));
      else r.append(el('span', 'unsupported', `[component type ${c.type}]`));
    }
    box.append(r);
  }
  return box;
}

function commandLine(message, view) {
  const meta = message.interaction_metadata;
  if (!meta?.user) return null;
  const who = esc(view.userName(meta.user.id, meta.user.username));
  const line = el('div', 'used-command');
  line.append(avatar(meta.user.username, meta.user.id, 16));
  const what = meta.name ? `used <span class="command-name">/${esc(meta.name)}</span>` : 'clicked a button';
  line.append(el('span', '', `<span class="who">${who}</span> ${what}`));
  return line;
}

export function renderMessage(message, view) {
  const flags = Number(message.flags || 0);
  const node = el('article', 'message');
  node.dataset.id = message.id;
  if (flags & EPHEMERAL) node.classList.add('ephemeral');
  const used = commandLine(message, view);
  if (used) node.append(used);
  const body = el('div', 'message-body');
  const author = message.author || {};
  body.append(avatar(author.username, author.id));
  const main = el('div', 'message-main');
  const header = el('div', 'message-header');
  header.append(el('span', 'author', esc(view.userName(author.id, author.username))));
  if (author.bot) header.append(el('span', 'bot-tag', 'APP'));
  header.append(el('time', 'sent', esc(messageTime(message.timestamp, view.clock))));
  main.append(header);
  if (flags & LOADING) {
    main.append(el('div', 'thinking', `${esc(author.username || 'The app')} is thinking…`));
  }
  if (message.content) {
    const content = el('div', 'content md', renderMarkdown(message.content, view.md));
    if (message.edited_timestamp) content.append(el('span', 'edited', ' (edited)'));
    main.append(content);
  }
  for (const embed of message.embeds || []) main.append(renderEmbed(embed, view));
  if (message.components?.length) main.append(renderComponents(message, view));
  main.append(el('div', 'interaction-error'));
  if (flags & EPHEMERAL) {
    const note = el('div', 'ephemeral-note', '👁 Only you can see this • ');
    const dismiss = el('button', 'dismiss', 'Dismiss message');
    dismiss.type = 'button';
    dismiss.addEventListener('click', () => view.dismiss(message.id));
    note.append(dismiss);
    main.append(note);
  }
  body.append(main);
  node.append(body);
  return node;
}
