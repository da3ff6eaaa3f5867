/**
 * A base union's join QR code (入会二维码): members scan it to open the union's join page in the
 * member app. Shown with its link, downloadable as a PNG poster with the union's name, printable.
 */
import { useEffect, useState } from 'react';
import { App, Button, Modal, Skeleton, Space, Typography } from 'antd';
import { DownloadOutlined, PrinterOutlined } from '@ant-design/icons';
import { api } from '../api-client';
import type { JoinQr } from '../api-client';
import { useI18n } from '../i18n';
import type { Translate } from '../i18n';
import { useApi } from '../use-api';
import { LoadError } from './load-error';
import type { DialogProps } from './use-dialog';

const POSTER_WIDTH = 800;
/** The QR code is drawn at a whole multiple of its own size, so its modules stay sharp. */
const QR_MAX = 560;
const FONT = '"PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", "Noto Sans SC", sans-serif';

function loadImage(src: string): Promise<HTMLImageElement> {
  return new Promise((resolve, reject) => {
    const image = new Image();
    image.onload = () => resolve(image);
    image.onerror = () => reject(new Error('The QR image could not be read'));
    image.src = src;
  });
}

/** Lines of at most `maxWidth` pixels (Chinese names have no spaces: break anywhere). */
function wrap(context: CanvasRenderingContext2D, text: string, maxWidth: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const char of text) {
    if (line && context.measureText(line + char).width > maxWidth) {
      lines.push(line);
      line = char;
    } else {
      line += char;
    }
  }
  if (line) lines.push(line);
  return lines;
}

/** The QR code on a white poster: a heading, the code, the union's name and the link. */
async function renderPoster(qr: JoinQr, t: Translate): Promise<string> {
  const image = await loadImage(qr.qrDataUrl);
  const canvas = document.createElement('canvas');
  const context = canvas.getContext('2d');
  if (!context) return qr.qrDataUrl;
  const margin = 48;
  const inner = POSTER_WIDTH - margin * 2;
  const qrSize = Math.min(inner, image.naturalWidth * Math.max(1, Math.floor(QR_MAX / image.naturalWidth)) || QR_MAX);
  context.font = `600 40px ${FONT}`;
  const nameLines = wrap(context, qr.orgName, inner);
  context.font = `20px ${FONT}`;
  const linkLines = wrap(context, qr.url, inner);
  const height = margin + 56 + 24 + qrSize + 32 + nameLines.length * 52 + 16 + linkLines.length * 28 + margin;
  canvas.width = POSTER_WIDTH;
  canvas.height = height;

  context.fillStyle = '#ffffff';
  context.fillRect(0, 0, POSTER_WIDTH, height);
  context.fillStyle = '#c8102e';
  context.fillRect(0, 0, POSTER_WIDTH, 12);
  context.textAlign = 'center';
  context.textBaseline = 'top';

  let y = margin;
  context.fillStyle = '#c8102e';
  context.font = `700 44px ${FONT}`;
  context.fillText(t('joinQr.posterHeading'), POSTER_WIDTH / 2, y);
  y += 56 + 24;

  // Scale the small QR image up without blurring its modules.
  context.imageSmoothingEnabled = false;
  context.drawImage(image, (POSTER_WIDTH - qrSize) / 2, y, qrSize, qrSize);
  y += qrSize + 32;

  context.fillStyle = '#1f1f1f';
  context.font = `600 40px ${FONT}`;
  for (const line of nameLines) {
    context.fillText(line, POSTER_WIDTH / 2, y);
    y += 52;
  }
  y += 16;
  context.fillStyle = '#8c8c8c';
  context.font = `20px ${FONT}`;
  for (const line of linkLines) {
    context.fillText(line, POSTER_WIDTH / 2, y);
    y += 28;
  }
  return canvas.toDataURL('image/png');
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** Print just the poster, from a hidden frame (no script runs in it: the page calls print). */
function printPoster(posterUrl: string, title: string): void {
  const frame = document.createElement('iframe');
  frame.setAttribute('aria-hidden', 'true');
  frame.style.position = 'fixed';
  frame.style.width = '0';
  frame.style.height = '0';
  frame.style.border = '0';
  frame.style.right = '0';
  frame.style.bottom = '0';
  frame.srcdoc = `<!doctype html><html><head><meta charset="utf-8"><title>${escapeHtml(title)}</title><style>
    @page { margin: 12mm; }
    html, body { margin: 0; height: 100%; }
    body { display: flex; align-items: center; justify-content: center; }
    img { max-width: 100%; max-height: 100%; }
  </style></head><body><img src="${escapeHtml(posterUrl)}" alt=""></body></html>`;
  frame.onload = () => {
    const win = frame.contentWindow;
    if (!win) return;
    win.focus();
    win.print();
    // print() blocks until the dialog closes in most browsers; keep the frame a little longer for the rest.
    window.setTimeout(() => frame.remove(), 60_000);
  };
  document.body.appendChild(frame);
}

export function JoinQrModal({ org, open, onClose, afterClose }: DialogProps & { org: { id: string; name: string } }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const { data, error, reload } = useApi((signal) => api.orgJoinQr(org.id, signal), [org.id]);
  const qr = data;
  const [poster, setPoster] = useState<string | null>(null);

  useEffect(() => {
    if (!qr) return;
    let cancelled = false;
    renderPoster(qr, t)
      .then((url) => {
        if (!cancelled) setPoster(url);
      })
      .catch(() => {
        if (!cancelled) setPoster(qr.qrDataUrl);
      });
    return () => {
      cancelled = true;
    };
  }, [qr, t]);

  const fileName = t('joinQr.fileName', { name: qr?.orgName ?? org.name });

  let body;
  if (error) {
    body = <LoadError error={error} onRetry={reload} compact />;
  } else if (!qr) {
    body = <Skeleton.Image active className="gh-join-qr-skeleton" />;
  } else {
    body = (
      <div className="gh-join-qr">
        <div className="gh-qr gh-join-qr-code">
          <img src={qr.qrDataUrl} alt={t('joinQr.alt', { name: qr.orgName })} data-testid="join-qr-image" />
        </div>
        <Typography.Text strong className="gh-join-qr-name">
          {qr.orgName}
        </Typography.Text>
        <Typography.Paragraph type="secondary" className="gh-join-qr-intro">
          {t('joinQr.intro')}
        </Typography.Paragraph>
        <div className="gh-join-qr-link">
          <Typography.Text type="secondary" className="gh-small">
            {t('joinQr.link')}
          </Typography.Text>
          <Typography.Link href={qr.url} target="_blank" rel="noopener noreferrer" copyable={{ text: qr.url }} className="gh-break" data-testid="join-qr-link">
            {qr.url}
          </Typography.Link>
        </div>
      </div>
    );
  }

  return (
    <Modal
      open={open}
      title={t('joinQr.title', { name: org.name })}
      onCancel={onClose}
      afterClose={afterClose}
      footer={
        <Space wrap className="gh-join-qr-actions">
          <Button onClick={onClose}>{t('common.close')}</Button>
          <Button
            icon={<PrinterOutlined />}
            disabled={!poster}
            onClick={() => {
              if (!poster) return;
              try {
                printPoster(poster, fileName);
              } catch {
                message.error(t('joinQr.printFailed'));
              }
            }}
            data-testid="join-qr-print"
          >
            {t('joinQr.print')}
          </Button>
          <Button type="primary" icon={<DownloadOutlined />} disabled={!poster} href={poster ?? undefined} download={fileName} data-testid="join-qr-download">
            {t('joinQr.download')}
          </Button>
        </Space>
      }
      data-testid="join-qr-modal"
    >
      {body}
    </Modal>
  );
}
