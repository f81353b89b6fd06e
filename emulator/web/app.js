// The page: servers, channels, the members you can act as, a channel's messages as the chosen
// member sees them (ephemeral replies only for whom they are meant), the message box, the
// clock and its controls, the host's notices, all kept live by the control API's event stream.

import * as api from './api.js';
import { CommandBox } from './commands.js';
import { avatar, discordTime, escapeHtml as esc, fullTime, languageName } from './format.js';
import { renderMessage } from './messages.js';

const $ = (id) => document.getElementById(id);
const state = {
  scenario: null, guild: null, channel: null, dm: null, viewer: null, commands: [],
  messages: new Map(), dismissed: new Set(), status: {}, clock: { unix: Date.now() / 1000 },
  notices: [], connected: false, lastReply: null, replies: 0,
};

const viewerLocale = () => state.viewer?.locale || 'en-US';
const groupZone = () => state.clock.zones?.[0] || 'UTC';
const clockView = () => ({ now: state.clock.unix, zone: undefined, locale: viewerLocale() });

function memberName(id, fallback) {
  for (const g of state.scenario?.guilds || []) {
    const m = g.members.find((x) => x.id === String(id));
    if (m) return m.nick || m.name;
  }
  return fallback || `unknown-user`;
}

function view() {
  const clock = clockView();
  return {
    clock,
    userName: memberName,
    md: {
      user: (id) => memberName(id),
      role: (id) => state.guild?.roles.find((r) => r.id === id)?.name || 'unknown-role',
      channel: (id) => state.guild?.channels.find((c) => c.id === id)?.name || 'unknown',
      time: (unix, style) => discordTime(unix, style, clock),
      fullTime: (unix) => fullTime(unix, clock),
    },
    click: clickButton,
    select: chooseOption,
    dismiss: (id) => { state.dismissed.add(id); drawMessages(); },
  };
}

// ---- what the viewer sees ------------------------------------------------------------------
function visible(event) {
  const m = event.message;
  if (state.dm) return m.channel_id === state.dm;
  if (m.channel_id !== state.channel?.id) return false;
  return event.visible_to == null || event.visible_to === state.viewer?.id;
}

function drawMessages() {
  const box = $('messages');
  const atBottom = box.scrollHeight - box.scrollTop - box.clientHeight < 80;
  const v = view();
  const sorted = [...state.messages.values()].filter((m) => !state.dismissed.has(m.id))
    .sort((a, b) => (BigInt(a.id) < BigInt(b.id) ? -1 : 1));
  box.replaceChildren(...sorted.map((m) => {
    const node = renderMessage(m, v);
    if (m.id === state.lastReply) node.classList.add('reply-to-you');
    return node;
  }));
  if (!sorted.length) {
    box.innerHTML = `<div class="empty">Nothing here yet. Type <b>/</b> below to use the bot's commands.</div>`;
  }
  if (atBottom || sorted.length < 4) box.scrollTop = box.scrollHeight;
}

async function loadMessages() {
  const { viewer, channel, dm } = state;
  let list;
  if (dm) {
    list = (await api.get(`members/${viewer.id}/dms`)).messages;
  } else {
    list = await api.get(`channels/${channel.id}/messages?viewer=${viewer.id}`);
  }
  if (state.viewer !== viewer || state.channel !== channel || state.dm !== dm) return; // moved on
  state.messages = new Map(list.map((m) => [m.id, m]));
  drawMessages();
  document.body.dataset.shownFor = viewer.name; // what is on screen is this member's view
}

async function loadCommands() {
  state.commands = await api.get(`commands?guild_id=${state.guild.id}`);
  markReady();
}

// The bot is connected and its commands are here: the page can be used (tests wait on this).
function markReady() {
  document.body.dataset.ready = state.status.connected && state.commands.length ? 'yes' : 'no';
}

// The answer to what the viewer just did is marked, as Discord scrolls to it.
function replied(reply) {
  if (!reply?.message) return;
  state.lastReply = reply.message.id;
  state.replies += 1;
  document.body.dataset.lastReply = reply.message.id;
  document.body.dataset.replies = String(state.replies);
  drawMessages();
  document.querySelector(`.message[data-id="${reply.message.id}"]`)?.scrollIntoView({ block: 'nearest' });
}

// ---- acting as the viewer ----------------------------------------------------------------
async function clickButton(message, customId, button) {
  const errorBox = document.querySelector(`.message[data-id="${message.id}"] .interaction-error`);
  button.classList.add('pending');
  try {
    replied(await api.post('click', { member_id: state.viewer.id, message_id: message.id, custom_id: customId }));
    if (errorBox) errorBox.textContent = '';
  } catch (error) {
    if (errorBox) errorBox.textContent = `This interaction failed. ${api.explain(error)}`;
  } finally {
    button.classList.remove('pending');
  }
}

async function chooseOption(message, customId, values) {
  try {
    replied(await api.post('select', { member_id: state.viewer.id, message_id: message.id, custom_id: customId, values }));
  } catch (error) {
    box.showError(api.explain(error));
  }
}

const box = new CommandBox({
  commands: () => state.commands,
  guild: () => state.guild,
  locale: viewerLocale,
  autocomplete: async (name, focused, value, options) => (await api.post('autocomplete', {
    member_id: state.viewer.id, channel_id: state.channel.id, name, focused, value, options,
  })).choices,
  send: async (name, options) => {
    try {
      replied(await api.post('command', { member_id: state.viewer.id, channel_id: state.channel.id, name, options }));
    } catch (error) {
      box.showError(api.explain(error));
    }
  },
  say: (content) => api.post('messages', { member_id: state.viewer.id, channel_id: state.channel.id, content }),
});

// ---- the frame: servers, channels, members, clock, notices --------------------------------
function drawGuilds() {
  const nav = $('guilds');
  nav.replaceChildren(...state.scenario.guilds.map((g) => {
    const b = avatar(g.name, g.id, 48);
    b.classList.add('guild-icon');
    if (g === state.guild) b.classList.add('active');
    b.title = `${g.name} (${languageName(g.preferred_locale)})`;
    b.dataset.guild = g.name;
    b.addEventListener('click', () => openGuild(g));
    return b;
  }));
}

function drawSidebar() {
  $('guild-name').textContent = state.guild.name;
  const list = $('channels');
  list.replaceChildren();
  list.append(Object.assign(document.createElement('div'), { className: 'section', textContent: 'Text channels' }));
  for (const c of state.guild.channels.filter((x) => x.type === 0)) {
    const item = document.createElement('div');
    item.className = `channel${!state.dm && c === state.channel ? ' active' : ''}`;
    item.dataset.channel = c.name;
    item.innerHTML = `<span class="hash">#</span>${esc(c.name)}`;
    item.addEventListener('click', () => openChannel(c));
    list.append(item);
  }
  list.append(Object.assign(document.createElement('div'), { className: 'section', textContent: 'Direct messages' }));
  const dm = document.createElement('div');
  dm.className = `channel${state.dm ? ' active' : ''}`;
  dm.dataset.channel = '@dm';
  dm.innerHTML = `<span class="hash">@</span>${esc(state.scenario.bot_name)}`;
  dm.addEventListener('click', openDm);
  list.append(dm);
  const card = $('viewer-card');
  card.replaceChildren(avatar(state.viewer.name, state.viewer.id, 32));
  card.append(Object.assign(document.createElement('div'), {
    innerHTML: `<div class="you">${esc(state.viewer.nick || state.viewer.name)}</div><div class="lang">${esc(languageName(state.viewer.locale))}</div>`,
  }));
}

function drawMembers() {
  const panel = $('members');
  panel.replaceChildren();
  const heading = (text) => panel.append(Object.assign(document.createElement('div'), { className: 'section', textContent: text }));
  heading('Act as — click a member');
  for (const m of state.guild.members.filter((x) => !x.bot)) {
    const row = document.createElement('div');
    row.className = `member${m === state.viewer ? ' active' : ''}`;
    row.dataset.name = m.name;
    row.append(avatar(m.name, m.id, 32));
    const role = m.manage_guild ? 'admin' : 'member';
    row.append(Object.assign(document.createElement('div'), {
      innerHTML: `<div class="name">${esc(m.nick || m.name)}${m === state.viewer ? ' <span class="you-tag">you</span>' : ''}</div>`
        + `<div class="lang" data-locale="${esc(m.locale)}">${esc(languageName(m.locale))} · ${role}</div>`,
    }));
    row.addEventListener('click', () => actAs(m));
    panel.append(row);
  }
  heading('Apps');
  const bot = state.guild.members.find((x) => x.bot);
  if (bot) {
    const row = document.createElement('div');
    row.className = 'member bot';
    row.append(avatar(bot.name, bot.id, 32));
    row.append(Object.assign(document.createElement('div'), {
      innerHTML: `<div class="name">${esc(bot.name)} <span class="bot-tag">APP</span></div>`
        + `<div class="lang" id="bot-status">${state.status.connected ? 'online' : 'offline'}</div>`,
    }));
    row.classList.toggle('online', Boolean(state.status.connected));
    panel.append(row);
  }
}

function drawTopbar() {
  $('channel-name').textContent = state.dm ? state.scenario.bot_name : state.channel.name;
  $('channel-topic').textContent = state.dm ? 'Direct messages' : (state.channel.topic || '');
  box.reset(state.dm ? 'Direct messages are read-only here' : `Message #${state.channel.name} — type / for commands`);
  $('composer-input').disabled = Boolean(state.dm);
}

function drawClock() {
  const zone = groupZone();
  const when = new Intl.DateTimeFormat(viewerLocale(), {
    weekday: 'short', year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit',
    minute: '2-digit', timeZone: zone,
  }).format(new Date(state.clock.unix * 1000));
  const clock = $('clock');
  clock.textContent = `${when} · ${zone}`;
  clock.dataset.unix = String(state.clock.unix);
  const moving = Boolean(state.clock.moving);
  for (const id of ['time-next', 'time-day', 'time-week']) $(id).disabled = moving || !state.connected;
  document.body.classList.toggle('moving', moving);
}

function drawNotices() {
  $('notices').replaceChildren(...state.notices.map((n) => {
    const div = document.createElement('div');
    div.className = `notice ${n.level || 'info'}`;
    div.innerHTML = `<div class="notice-title">${esc(n.title)}</div>`
      + (n.lines?.length ? `<pre>${n.lines.map(esc).join('\n')}</pre>` : '');
    return div;
  }));
}

function drawAll() {
  drawGuilds();
  drawSidebar();
  drawMembers();
  drawTopbar();
  drawClock();
  drawNotices();
  drawMessages();
}

async function openGuild(guild) {
  state.guild = guild;
  state.channel = guild.channels.find((c) => c.type === 0);
  state.dm = null;
  state.viewer = guild.members.find((m) => !m.bot && m.manage_guild) || guild.members.find((m) => !m.bot);
  drawAll();
  await Promise.all([loadCommands(), loadMessages()]);
}

async function openChannel(channel) {
  state.channel = channel;
  state.dm = null;
  drawAll();
  await loadMessages();
}

async function openDm() {
  const dms = await api.get(`members/${state.viewer.id}/dms`);
  state.dm = dms.channel_id || 'none';
  drawAll();
  state.messages = new Map(dms.messages.map((m) => [m.id, m]));
  drawMessages();
}

async function actAs(member) {
  state.viewer = member;
  state.dismissed.clear();
  if (state.dm) { await openDm(); return; }
  drawAll();
  await loadMessages();
}

async function moveTime(path, body) {
  box.showError('');
  try {
    const result = await api.post(path, body);
    state.clock = { ...state.clock, ...result };
    drawClock();
    if (result.moved === false) box.showError('Nothing is scheduled yet: start a roadmap with /roadmap start.');
  } catch (error) {
    box.showError(api.explain(error));
  }
}

// ---- live updates ---------------------------------------------------------------------------
function onEvent(event) {
  if (event.type === 'hello') {
    const synced = state.status.syncs;
    state.status = event.status;
    state.clock = event.clock;
    state.notices = event.notices;
    drawAll();
    markReady();
    // a (re)connection may have missed events: reload what is shown
    Promise.all([synced === event.status.syncs ? null : loadCommands(), loadMessages()]).catch(console.error);
  } else if (event.type === 'message') {
    if (!visible(event)) return;
    if (event.op === 'delete') state.messages.delete(event.message.id);
    else state.messages.set(event.message.id, event.message);
    drawMessages();
  } else if (event.type === 'status') {
    const resynced = event.syncs !== state.status.syncs;
    state.status = event;
    drawMembers();
    drawClock();
    markReady();
    if (resynced) loadCommands().catch(console.error);
  } else if (event.type === 'clock') {
    state.clock = event;
    drawClock();
    drawMessages(); // relative timestamps and "Today at" follow the clock
  } else if (event.type === 'notices') {
    state.notices = event.notices;
    drawNotices();
  }
}

async function boot() {
  state.scenario = await api.get('scenario');
  const guild = state.scenario.guilds[0];
  state.guild = guild;
  state.channel = guild.channels.find((c) => c.type === 0);
  state.viewer = guild.members.find((m) => !m.bot && m.manage_guild) || guild.members.find((m) => !m.bot);
  drawAll();
  await loadCommands();
  $('time-next').addEventListener('click', () => moveTime('clock/next'));
  $('time-day').addEventListener('click', () => moveTime('clock/advance', { seconds: 86400 }));
  $('time-week').addEventListener('click', () => moveTime('clock/advance', { seconds: 7 * 86400 }));
  api.follow(onEvent, (up) => {
    state.connected = up;
    document.body.dataset.live = up ? 'yes' : 'no';
    drawClock();
  });
}

boot().catch((error) => {
  document.body.innerHTML = `<pre class="fatal">The sandbox could not start: ${esc(String(error))}</pre>`;
});
