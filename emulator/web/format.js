// Times and names as Discord's client shows them: timestamps in the viewer's zone and language,
// relative ones against the (simulated) clock, and language names for Discord locales.

export function escapeHtml(text) {
  return String(text)
    .replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;').replaceAll("'", '&#39;');
}

const STYLES = {
  t: { hour: 'numeric', minute: '2-digit' },
  T: { hour: 'numeric', minute: '2-digit', second: '2-digit' },
  d: { year: 'numeric', month: '2-digit', day: '2-digit' },
  D: { year: 'numeric', month: 'long', day: 'numeric' },
  f: { year: 'numeric', month: 'long', day: 'numeric', hour: 'numeric', minute: '2-digit' },
  F: { weekday: 'long', year: 'numeric', month: 'long', day: 'numeric', hour: 'numeric',
    minute: '2-digit' },
};

const UNITS = [
  ['year', 365 * 86400], ['month', 30 * 86400], ['day', 86400], ['hour', 3600], ['minute', 60],
  ['second', 1],
];

// A Discord timestamp (<t:unix:style>) for a viewer: `now` is the clock in unix seconds, `zone`
// an IANA zone (undefined: the browser's own), `locale` the viewer's Discord language.
export function discordTime(unix, style, { now, zone, locale }) {
  const date = new Date(unix * 1000);
  if (style === 'R') {
    const delta = unix - now;
    const [unit, size] = UNITS.find(([, s]) => Math.abs(delta) >= s) || ['second', 1];
    return new Intl.RelativeTimeFormat(locale, { numeric: 'auto' })
      .format(Math.round(delta / size), unit);
  }
  const options = { ...(STYLES[style] || STYLES.f), timeZone: zone };
  return new Intl.DateTimeFormat(locale, options).format(date);
}

export function fullTime(unix, { zone, locale }) {
  return discordTime(unix, 'F', { now: unix, zone, locale });
}

// A message's time as its header shows it: "Today at 9:00 AM", "Yesterday at ...", or a date.
export function messageTime(iso, { now, zone, locale }) {
  const unix = Date.parse(iso) / 1000;
  const day = (u) => new Intl.DateTimeFormat('en-CA', { timeZone: zone }).format(new Date(u * 1000));
  const time = discordTime(unix, 't', { now, zone, locale });
  const english = String(locale).startsWith('en');
  const said = (offset) => new Intl.RelativeTimeFormat(locale, { numeric: 'auto' }).format(offset, 'day');
  if (day(unix) === day(now)) return english ? `Today at ${time}` : `${said(0)} ${time}`;
  if (day(unix) === day(now - 86400)) return english ? `Yesterday at ${time}` : `${said(-1)} ${time}`;
  return `${discordTime(unix, 'd', { now, zone, locale })} ${time}`;
}

// "English (United States)" / "中文（中国）": a Discord locale named in its own language.
export function languageName(locale) {
  try {
    return new Intl.DisplayNames([locale], { type: 'language' }).of(locale) || locale;
  } catch {
    return locale;
  }
}

const COLORS = ['#5865f2', '#3ba55c', '#faa61a', '#ed4245', '#eb459e', '#9b59b6', '#1abc9c'];

export function avatarColor(id) {
  let n = 0;
  for (const c of String(id)) n = (n * 31 + c.charCodeAt(0)) % 1000003;
  return COLORS[n % COLORS.length];
}

export function avatar(name, id, size = 40) {
  const el = document.createElement('div');
  el.className = 'avatar';
  el.style.width = el.style.height = `${size}px`;
  el.style.backgroundColor = avatarColor(id);
  el.textContent = (name || '?').slice(0, 1).toUpperCase();
  return el;
}
