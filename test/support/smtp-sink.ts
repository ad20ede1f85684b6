import { createServer, type Server, type Socket } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { freePort } from './ports.js';

export interface SunkMail {
  messageId: string;
  from: string;
  to: string[];
  /** The message as received (dot-unstuffed), headers and body. */
  raw: string;
  receivedAt: number;
}

export interface SmtpSink {
  /** `smtp://127.0.0.1:<port>`, for SMTP_URL. */
  readonly url: string;
  /** Every message accepted, in order (a message sent twice is here twice). */
  readonly messages: SunkMail[];
  /** How many times a Message-ID was delivered. */
  count(messageId: string): number;
  /** A slow server: the answer to each message's DATA comes this long after its last line (0 by default). */
  delayMs: number;
  /** Messages received in full and not answered yet (held by `delayMs`). */
  readonly holding: number;
  /** Stops listening: connections are refused (ECONNREFUSED) until `accept()`. */
  refuse(): Promise<void>;
  /** Listens again, on the same port. */
  accept(): Promise<void>;
  /** Polls until `condition` holds; throws with `what` after `timeoutMs`. */
  waitFor(condition: () => boolean, what: string, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

/** `Message-ID` of a message's headers (unfolded), or '' when there is none. */
function messageIdOf(raw: string): string {
  const headers = raw.split(/\r?\n\r?\n/, 1)[0].replace(/\r?\n[ \t]+/g, ' ');
  return /^message-id:\s*(<[^>]*>)/im.exec(headers)?.[1] ?? '';
}

/**
 * A local SMTP server that keeps what it receives, in memory, for a test: just enough of RFC 5321
 * for nodemailer (EHLO/HELO, MAIL, RCPT, DATA, RSET, NOOP, QUIT; no TLS, no authentication). A
 * message counts as delivered when the sink answers 250 to its DATA, as a real server would.
 * `refuse()` closes the listening socket, so that senders see a refused connection.
 */
export async function startSmtpSink(): Promise<SmtpSink> {
  const port = await freePort();
  const messages: SunkMail[] = [];
  const sockets = new Set<Socket>();
  let server: Server | null = null;
  const sink = { delayMs: 0, held: 0 };

  const session = (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    socket.setEncoding('utf8');
    let buffer = '';
    let data: string[] | null = null;
    let from = '';
    let to: string[] = [];
    const reply = (line: string) => socket.write(`${line}\r\n`);
    reply('220 sink.test ESMTP');
    socket.on('data', (chunk: string) => {
      buffer += chunk;
      let end: number;
      while ((end = buffer.indexOf('\r\n')) >= 0) {
        const line = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        if (data) {
          if (line === '.') {
            const mail = { messageId: messageIdOf(data.join('\r\n')), from, to, raw: data.join('\r\n') };
            data = null;
            from = '';
            to = [];
            const accept = () => {
              if (socket.destroyed) return;
              messages.push({ ...mail, receivedAt: Date.now() });
              reply('250 2.0.0 queued');
            };
            if (sink.delayMs > 0) {
              sink.held++;
              setTimeout(() => {
                sink.held--;
                accept();
              }, sink.delayMs);
            } else accept();
          } else data.push(line.startsWith('..') ? line.slice(1) : line);
          continue;
        }
        const verb = line.slice(0, 4).toUpperCase();
        if (verb === 'EHLO') reply('250-sink.test\r\n250-8BITMIME\r\n250 SMTPUTF8');
        else if (verb === 'HELO') reply('250 sink.test');
        else if (verb === 'MAIL') {
          from = /<([^>]*)>/.exec(line)?.[1] ?? '';
          to = [];
          reply('250 2.1.0 ok');
        } else if (verb === 'RCPT') {
          to.push(/<([^>]*)>/.exec(line)?.[1] ?? '');
          reply('250 2.1.5 ok');
        } else if (verb === 'DATA') {
          data = [];
          reply('354 end with <CRLF>.<CRLF>');
        } else if (verb === 'RSET') {
          from = '';
          to = [];
          reply('250 2.0.0 ok');
        } else if (verb === 'NOOP') reply('250 2.0.0 ok');
        else if (verb === 'QUIT') {
          reply('221 2.0.0 bye');
          socket.end();
        } else reply('502 5.5.2 command not implemented');
      }
    });
  };

  const listen = async () => {
    const next = createServer(session);
    await new Promise<void>((resolve, reject) => {
      next.once('error', reject);
      next.listen(port, '127.0.0.1', () => resolve());
    });
    server = next;
  };
  const stopListening = async () => {
    const current = server;
    server = null;
    if (current) await new Promise<void>((resolve) => current.close(() => resolve()));
  };

  await listen();
  return {
    url: `smtp://127.0.0.1:${port}`,
    messages,
    count: (messageId) => messages.filter((m) => m.messageId === messageId).length,
    get delayMs() {
      return sink.delayMs;
    },
    set delayMs(ms: number) {
      sink.delayMs = ms;
    },
    get holding() {
      return sink.held;
    },
    refuse: async () => {
      const closing = stopListening();
      // Sessions already open end too: the server is gone.
      for (const socket of sockets) socket.destroy();
      await closing;
    },
    accept: async () => {
      if (!server) await listen();
    },
    async waitFor(condition, what, timeoutMs = 60_000) {
      const deadline = Date.now() + timeoutMs;
      while (!condition()) {
        if (Date.now() > deadline) throw new Error(`SMTP sink: timed out after ${timeoutMs} ms waiting for ${what}`);
        await sleep(100);
      }
    },
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await stopListening();
    },
  };
}
