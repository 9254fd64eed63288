/** A connection URL as it may be shown: the password replaced by ***, never printed or logged as given. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    // Not a URL a parser reads: hide whatever sits between "//user:" and "@".
    return url.replace(/(\/\/[^:/@]*:)[^@]*@/, '$1***@');
  }
}

/** Removes every occurrence of the URL's password from an engine's message (a driver may echo the URL). */
export function withoutPassword(message: string, url: string): string {
  let password = '';
  try {
    password = decodeURIComponent(new URL(url).password);
  } catch {
    password = /\/\/[^:/@]*:([^@]*)@/.exec(url)?.[1] ?? '';
  }
  let text = message.split(url).join(redactUrl(url));
  if (password.length >= 1) text = text.split(password).join('***');
  return text;
}
