import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { BackupError, restoreBackup } from '../../storage/backup.ts';
import { StoreLockedError } from '../../storage/db.ts';
import { DEFAULT_HOST, startServer, WEB_DIST } from '../../server/start.ts';
import { parse } from '../args.ts';
import { EXIT, UsageError, type Command } from '../io.ts';

export const serveCommand: Command = {
  name: 'serve',
  usage: `用法：jixiao serve [--port <端口>] [--host <地址>] [--data-dir <目录>] [--restore <备份文件>]

  --port      监听端口，缺省为环境变量 PORT，再缺省 3000
  --host      监听地址，缺省为环境变量 HOST，再缺省 127.0.0.1（只有本机可访问）；
              要让其他电脑访问，用 0.0.0.0（所有网卡）或本机的某个 IP 地址。
              服务只接受以 localhost、IP 地址或 ALLOWED_ORIGINS 中的主机名访问的请求（防 DNS 重绑定）。
  --data-dir  内置数据库（PGlite）的数据目录，缺省为环境变量 DATA_DIR，再缺省 ./data
  环境变量 DATABASE_URL=postgres://… 时改用 PostgreSQL（不再使用数据目录）。
  ALLOWED_ORIGINS 可列出允许发起写请求的其他来源（逗号分隔，如经反向代理访问的地址）。
  COOKIE_SECURE=1 时会话 Cookie 带 Secure（经 HTTPS 访问时使用）。
  TRUST_PROXY=1 时按 X-Forwarded-For 的最后一项识别客户端地址（经反向代理访问时使用，用于登录失败限额）。
  --restore   先把备份文件（数据目录 backups/ 下的 jixiao-backup-*.json）恢复到数据目录，再启动；
              数据目录必须不存在或为空，否则拒绝（恢复不会覆盖已有数据）。
  内置数据库每次导入工作簿、记录复核后以及每 BACKUP_INTERVAL_HOURS 小时（缺省 6，0 为不定时）
  在数据目录 backups/ 下写一份逻辑备份，保留最新 BACKUP_KEEP 份（缺省 20）。
  使用 PostgreSQL 时不做这种备份：请用数据库管理员的工具（pg_dump 等）。`,
  async run(args, io) {
    const { values } = parse(args, {
      port: { type: 'string' },
      host: { type: 'string' },
      'data-dir': { type: 'string' },
      restore: { type: 'string' },
    });
    if (values.help) {
      io.out(this.usage);
      return EXIT.ok;
    }
    const portText = values.port ?? process.env.PORT ?? '3000';
    const port = Number(portText);
    if (!Number.isInteger(port) || port < 0 || port > 65535)
      throw new UsageError(`端口应为 0—65535 的整数，收到“${portText}”`);
    const host = (values.host ?? (process.env.HOST || DEFAULT_HOST)).trim();
    if (!host || /[\s/]/.test(host))
      throw new UsageError(`监听地址应为 IP 地址或主机名，如 127.0.0.1 或 0.0.0.0，收到“${host}”`);
    const databaseUrl = process.env.DATABASE_URL || undefined;
    if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
      io.err(`DATABASE_URL 应以 postgres:// 开头，收到“${databaseUrl.replace(/:[^:@/]*@/, ':***@')}”`);
      return EXIT.badInput;
    }
    const dataDir = databaseUrl ? undefined : (values['data-dir'] ?? process.env.DATA_DIR ?? './data');
    const hours = Number(process.env.BACKUP_INTERVAL_HOURS ?? '6');
    if (!Number.isFinite(hours) || hours < 0)
      throw new UsageError(
        `BACKUP_INTERVAL_HOURS 应为不小于 0 的数，收到“${process.env.BACKUP_INTERVAL_HOURS}”`,
      );
    const keep = Number(process.env.BACKUP_KEEP ?? '20');
    if (!Number.isInteger(keep) || keep < 1)
      throw new UsageError(`BACKUP_KEEP 应为正整数，收到“${process.env.BACKUP_KEEP}”`);
    if (values.restore) {
      if (!dataDir) {
        io.err('使用 PostgreSQL（DATABASE_URL）时不能用 --restore：请用数据库管理员的工具恢复。');
        return EXIT.badInput;
      }
      try {
        const { counts } = await restoreBackup(values.restore, dataDir);
        io.out(
          `已从 ${values.restore} 恢复到数据目录 ${dataDir}：部门 ${counts.departments} 个，用户 ${counts.users} 个，` +
            `年度数据 ${counts.datasets} 份，复核 ${counts.reviews} 条，修改记录 ${counts.audit} 条。`,
        );
      } catch (e) {
        if (e instanceof BackupError || e instanceof StoreLockedError) {
          io.err(`恢复失败：${e.message}`);
          return EXIT.badInput;
        }
        throw e;
      }
    }
    if (!existsSync(join(WEB_DIST, 'index.html')))
      io.err('注意：前端尚未构建（web/dist），只提供 API。请运行 npm run build:web，或用 npm start 启动。');
    let running;
    try {
      running = await startServer({
        port,
        host,
        dataDir,
        databaseUrl,
        staticDir: WEB_DIST,
        secureCookies: process.env.COOKIE_SECURE === '1',
        trustProxy: process.env.TRUST_PROXY === '1',
        backup: { intervalMs: hours * 3600 * 1000, keep },
        allowedOrigins: process.env.ALLOWED_ORIGINS?.split(',')
          .map((s) => s.trim())
          .filter(Boolean),
      });
    } catch (e) {
      if (e instanceof StoreLockedError) {
        io.err(e.message);
        return EXIT.badInput;
      }
      if ((e as NodeJS.ErrnoException).code === 'EADDRINUSE') {
        io.err(`端口 ${port} 已被占用：请用 PORT=<其他端口> 或 --port 指定`);
        return EXIT.badInput;
      }
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
        io.err(
          `无法在地址 ${host} 上监听：本机没有这个地址。请用 HOST 或 --host 指定本机的 IP 地址，或 0.0.0.0`,
        );
        return EXIT.badInput;
      }
      throw e;
    }
    io.out(`jixiao 已启动：${running.url}`);
    io.out(
      `数据：${running.store.kind === 'pglite' ? `内置数据库，目录 ${running.store.location}` : `PostgreSQL ${running.store.location}`}`,
    );
    if (running.firstAdmin) {
      io.out('');
      io.out('首次运行，已创建管理员账号，并载入示例部门（深圳市福田区总工会 2023 年度）：');
      io.out(`  用户名：${running.firstAdmin.username}`);
      io.out(`  一次性密码：${running.firstAdmin.password}`);
      io.out('  （此密码只显示这一次；首次登录后须修改）');
    }
    io.out('按 Ctrl+C 停止。');
    await new Promise<void>((resolve) => {
      const stop = () => {
        process.off('SIGINT', stop);
        process.off('SIGTERM', stop);
        io.out('正在停止……');
        void running.close().then(resolve, resolve);
      };
      process.on('SIGINT', stop);
      process.on('SIGTERM', stop);
    });
    return EXIT.ok;
  },
};
