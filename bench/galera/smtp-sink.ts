import { createServer, type Server, type Socket } from 'node:net';
import { simpleParser } from 'mailparser';

export interface SunkMail {
  messageId: string;
  to: string;
  subject: string;
  text: string;
  /** When the sink accepted it (ms since the epoch). */
  receivedAt: number;
}

/**
 * A local SMTP server that accepts every message and keeps it in memory, parsed: the service's
 * real SMTP transport (nodemailer) talks to it as to a relay. Just enough SMTP for that client:
 * EHLO/HELO, MAIL, RCPT, DATA, RSET, NOOP, QUIT; no TLS, no authentication, no pipelining.
 */
export class SmtpSink {
  readonly mails: SunkMail[] = [];
  private server: Server | null = null;
  private readonly sockets = new Set<Socket>();
  private parsing: Array<Promise<void>> = [];
  port = 0;

  async start(): Promise<void> {
    this.server = createServer((socket) => this.session(socket));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as { port: number }).port;
  }

  async stop(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
    await Promise.all(this.parsing);
  }

  /** Every message received so far, once parsed. */
  async received(): Promise<SunkMail[]> {
    await Promise.all(this.parsing);
    return this.mails;
  }

  private session(socket: Socket): void {
    this.sockets.add(socket);
    socket.on('close', () => this.sockets.delete(socket));
    socket.on('error', () => undefined);
    socket.setEncoding('utf8');
    const reply = (line: string) => socket.write(`${line}\r\n`);
    let buffer = '';
    let data: string[] | null = null;
    reply('220 sink.guichet.bench ESMTP');
    socket.on('data', (chunk: string) => {
      buffer += chunk;
      for (let end = buffer.indexOf('\r\n'); end >= 0; end = buffer.indexOf('\r\n')) {
        const line = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        if (data) {
          if (line === '.') {
            this.accept(data.join('\r\n'), Date.now());
            data = null;
            reply('250 2.0.0 queued');
          } else data.push(line.startsWith('..') ? line.slice(1) : line);
          continue;
        }
        const verb = line.slice(0, 4).toUpperCase();
        if (verb === 'EHLO') socket.write('250-sink.guichet.bench\r\n250 8BITMIME\r\n');
        else if (verb === 'HELO') reply('250 sink.guichet.bench');
        else if (verb === 'MAIL' || verb === 'RCPT' || verb === 'RSET' || verb === 'NOOP') reply('250 2.0.0 ok');
        else if (verb === 'DATA') {
          data = [];
          reply('354 end with <CRLF>.<CRLF>');
        } else if (verb === 'QUIT') {
          reply('221 2.0.0 bye');
          socket.end();
        } else reply('502 5.5.2 not implemented');
      }
    });
  }

  private accept(raw: string, receivedAt: number): void {
    const parsed = simpleParser(raw).then((mail) => {
      const to = Array.isArray(mail.to) ? mail.to[0] : mail.to;
      this.mails.push({ messageId: mail.messageId ?? '', to: to?.value[0]?.address ?? '', subject: mail.subject ?? '', text: mail.text ?? '', receivedAt });
    });
    this.parsing.push(parsed.catch(() => undefined));
  }
}
