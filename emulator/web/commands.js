// The message box: plain messages, and slash commands as Discord offers them: type "/" for the
// bot's commands (from what it synced), pick one, fill its options (choices, members,
// channels, numbers, autocomplete from the bot itself), send.
//
// host: { commands(), guild(), channel(), viewer(), locale(), send(name, options),
//         say(text), autocomplete(name, focused, value, options) -> choices }

import { escapeHtml as esc } from './format.js';

const SUB_COMMAND = 1;
const SUB_COMMAND_GROUP = 2;
const INTEGER = 4, BOOLEAN = 5, USER = 6, CHANNEL = 7, ROLE = 8, MENTIONABLE = 9;
const NUMBER = 10;

function local(obj, key, locale) {
  return obj[`${key}_localizations`]?.[locale] || obj[key];
}

// Every invocable path of the bot's chat-input commands: "roadmap start", "join", ...
export function flatten(commands, locale) {
  const out = [];
  const walk = (def, names, labels) => {
    const subs = (def.options || []).filter((o) => o.type === SUB_COMMAND || o.type === SUB_COMMAND_GROUP);
    if (!subs.length) {
      out.push({ name: names.join(' '), label: labels.join(' '), description: local(def, 'description', locale),
        options: (def.options || []).slice().sort((a, b) => Number(Boolean(b.required)) - Number(Boolean(a.required))) });
      return;
    }
    for (const sub of subs) walk(sub, [...names, sub.name], [...labels, local(sub, 'name', locale)]);
  };
  for (const cmd of commands) {
    if ((cmd.type ?? 1) === 1) walk(cmd, [cmd.name], [local(cmd, 'name', locale)]);
  }
  return out.sort((a, b) => a.label.localeCompare(b.label));
}

export class CommandBox {
  constructor(host) {
    this.host = host;
    this.input = document.getElementById('composer-input');
    this.popup = document.getElementById('command-popup');
    this.form = document.getElementById('command-form');
    this.error = document.getElementById('composer-error');
    this.sendButton = document.getElementById('send-command');
    this.chosen = null;
    this.fields = new Map();
    this.items = []; // what the popup offers: [{ html, className, data, pick }]
    this.active = 0;
    this.input.addEventListener('input', () => this.onType());
    this.input.addEventListener('keydown', (e) => this.onKey(e, () => this.submit()));
    this.sendButton.addEventListener('click', () => this.submit());
  }

  reset(placeholder) {
    this.chosen = null;
    this.fields.clear();
    this.form.hidden = true;
    this.form.replaceChildren();
    this.offer([]);
    this.input.value = '';
    this.input.readOnly = false;
    this.input.placeholder = placeholder;
    this.showError('');
  }

  showError(text) {
    this.error.textContent = text;
  }

  onType() {
    if (this.chosen) return;
    const text = this.input.value;
    if (!text.startsWith('/')) { this.offer([]); return; }
    const typed = text.slice(1).trim().toLowerCase();
    const all = flatten(this.host.commands(), this.host.locale());
    const matches = all.filter((c) => c.label.toLowerCase().startsWith(typed) || c.name.startsWith(typed));
    this.offer(matches.map((cmd) => ({
      className: 'command-choice',
      data: { command: cmd.name },
      html: `<span class="command-name">/${esc(cmd.label)}</span> <span class="command-desc">${esc(cmd.description || '')}</span>`,
      pick: () => this.choose(cmd),
    })), 'No commands match');
  }

  // Show items in the popup above the box (commands, or an option's choices), as Discord does.
  offer(items, empty = null, title = null) {
    this.items = items;
    this.active = 0;
    this.popup.replaceChildren();
    if (title) this.popup.append(Object.assign(document.createElement('div'), { className: 'popup-title', textContent: title }));
    if (!items.length && empty) this.popup.append(Object.assign(document.createElement('div'), { className: 'popup-empty', textContent: empty }));
    items.forEach((item, k) => {
      const node = document.createElement('div');
      node.className = `${item.className}${k === this.active ? ' active' : ''}`;
      Object.assign(node.dataset, item.data, { pick: String(k) });
      node.innerHTML = item.html;
      node.addEventListener('mousedown', (e) => { e.preventDefault(); item.pick(); });
      this.popup.append(node);
    });
    this.popup.hidden = !items.length && !empty;
  }

  onKey(event, enter) {
    const n = this.items.length;
    if (!this.popup.hidden && n) {
      if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
        this.active = (this.active + (event.key === 'ArrowDown' ? 1 : -1) + n) % n;
        [...this.popup.querySelectorAll('[data-pick]')].forEach((node, k) => node.classList.toggle('active', k === this.active));
        event.preventDefault();
        return;
      }
      if (event.key === 'Enter' || event.key === 'Tab') {
        event.preventDefault();
        this.items[this.active].pick();
        return;
      }
    }
    if (event.key === 'Escape') { this.reset(this.input.placeholder); return; }
    if (event.key === 'Enter') { event.preventDefault(); enter(); }
  }

  choose(cmd) {
    this.chosen = cmd;
    this.offer([]);
    this.input.value = `/${cmd.label}`;
    this.input.readOnly = true;
    this.fields.clear();
    this.form.replaceChildren();
    const title = document.createElement('div');
    title.className = 'form-title';
    title.innerHTML = `<span class="command-name">/${esc(cmd.label)}</span> <span class="command-desc">${esc(cmd.description || '')}</span> <button type="button" class="cancel">Cancel</button>`;
    title.querySelector('.cancel').addEventListener('click', () => this.reset(this.input.placeholder));
    this.form.append(title);
    for (const opt of cmd.options) this.form.append(this.field(opt));
    this.form.hidden = false;
    const first = this.form.querySelector('input, select');
    if (first) first.focus(); else this.sendButton.focus();
  }

  field(opt) {
    const locale = this.host.locale();
    const wrap = document.createElement('label');
    wrap.className = 'command-option';
    wrap.dataset.option = opt.name;
    wrap.title = local(opt, 'description', locale) || '';
    wrap.innerHTML = `<span class="option-name">${esc(local(opt, 'name', locale))}${opt.required ? '<span class="required">*</span>' : ''}</span>`;
    let control;
    const pick = (items) => {
      control = document.createElement('select');
      control.append(new Option(opt.required ? 'choose…' : '(optional)', ''));
      for (const [label, value] of items) control.append(new Option(label, value));
    };
    if (opt.choices?.length) pick(opt.choices.map((c) => [local(c, 'name', locale), JSON.stringify(c.value)]));
    else if (opt.type === BOOLEAN) pick([['True', 'true'], ['False', 'false']]);
    else if (opt.type === USER || opt.type === MENTIONABLE) {
      pick(this.host.guild().members.filter((m) => !m.bot).map((m) => [m.name, JSON.stringify({ member: m.id })]));
    } else if (opt.type === CHANNEL) {
      pick(this.host.guild().channels.filter((c) => c.type === 0).map((c) => [`#${c.name}`, JSON.stringify({ channel: c.id })]));
    } else if (opt.type === ROLE) {
      pick(this.host.guild().roles.map((r) => [r.name, JSON.stringify({ role: r.id })]));
    } else {
      control = document.createElement('input');
      control.type = opt.type === INTEGER || opt.type === NUMBER ? 'number' : 'text';
      if (opt.min_value != null) control.min = opt.min_value;
      if (opt.max_value != null) control.max = opt.max_value;
      if (opt.max_length != null) control.maxLength = opt.max_length;
      control.placeholder = local(opt, 'description', locale) || '';
      if (opt.autocomplete) this.autocompleting(opt, control);
    }
    control.addEventListener('keydown', (e) => this.onKey(e, () => this.submit()));
    wrap.append(control);
    this.fields.set(opt.name, { opt, control });
    return wrap;
  }

  autocompleting(opt, control) {
    let timer = null;
    let asked = 0;
    const label = local(opt, 'name', this.host.locale());
    const ask = () => {
      clearTimeout(timer);
      timer = setTimeout(async () => {
        const ticket = ++asked;
        try {
          const others = this.values({ except: opt.name, partial: true });
          const choices = await this.host.autocomplete(this.chosen.name, opt.name, control.value, others);
          if (ticket !== asked || document.activeElement !== control) return;
          this.offer(choices.map((choice) => ({
            className: 'autocomplete-choice',
            data: { option: opt.name, value: String(choice.value) },
            html: esc(local(choice, 'name', this.host.locale())),
            pick: () => { control.value = String(choice.value); this.offer([]); },
          })), `The bot offers nothing for "${control.value}"`, label);
        } catch (error) {
          this.showError(String(error.message || error));
        }
      }, 120);
    };
    control.addEventListener('input', ask);
    control.addEventListener('focus', ask);
    control.addEventListener('blur', () => { asked += 1; this.offer([]); });
  }

  values({ except = null, partial = false } = {}) {
    const out = {};
    for (const [name, { opt, control }] of this.fields) {
      if (name === except || control.value === '') continue;
      if (control.tagName === 'SELECT') out[name] = opt.type === BOOLEAN && !opt.choices ? control.value === 'true' : JSON.parse(control.value);
      else if (opt.type === INTEGER || opt.type === NUMBER) {
        if (control.value.trim() !== '' && !Number.isNaN(Number(control.value))) out[name] = Number(control.value);
        else if (!partial) throw new Error(`${opt.name} must be a number`);
      } else out[name] = control.value;
    }
    return out;
  }

  async submit() {
    this.showError('');
    if (!this.chosen) {
      const text = this.input.value.trim();
      if (!text) return;
      if (text.startsWith('/')) { this.showError('Pick a command from the list.'); return; }
      this.input.value = '';
      await this.host.say(text).catch((error) => this.showError(String(error.message || error)));
      return;
    }
    let options;
    try {
      options = this.values();
    } catch (error) {
      this.showError(error.message);
      return;
    }
    const missing = this.chosen.options.filter((o) => o.required && !(o.name in options)).map((o) => o.name);
    if (missing.length) { this.showError(`Fill in ${missing.join(', ')}`); return; }
    const name = this.chosen.name;
    this.reset(this.input.placeholder);
    await this.host.send(name, options);
  }
}
