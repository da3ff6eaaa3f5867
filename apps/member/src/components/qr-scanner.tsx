/**
 * Scans a QR code with the camera through the browser's BarcodeDetector (Chrome on Android, recent
 * Safari). Where there is none, the caller offers typing or pasting the link instead.
 */
import { useEffect, useRef, useState } from 'react';
import { Button } from 'antd-mobile';
import { useI18n } from '../i18n';
import { CameraIcon } from './icons';

interface DetectedBarcode {
  rawValue: string;
}
interface BarcodeDetectorLike {
  detect(source: CanvasImageSource | ImageBitmapSource): Promise<DetectedBarcode[]>;
}
type BarcodeDetectorCtor = new (options?: { formats?: string[] }) => BarcodeDetectorLike;

function detectorClass(): BarcodeDetectorCtor | null {
  if (typeof window === 'undefined') return null;
  const ctor = (window as unknown as { BarcodeDetector?: BarcodeDetectorCtor }).BarcodeDetector;
  return typeof ctor === 'function' ? ctor : null;
}

export function canScanQr(): boolean {
  return detectorClass() !== null && typeof navigator !== 'undefined' && Boolean(navigator.mediaDevices?.getUserMedia);
}

export function QrScanner({ onResult }: { onResult: (text: string) => void }) {
  const { t } = useI18n();
  const video = useRef<HTMLVideoElement>(null);
  const [status, setStatus] = useState<'idle' | 'starting' | 'scanning' | 'error'>('idle');
  const [error, setError] = useState<string | null>(null);
  const stream = useRef<MediaStream | null>(null);
  const timer = useRef<number | null>(null);
  const handler = useRef(onResult);
  useEffect(() => {
    handler.current = onResult;
  });

  const stop = () => {
    if (timer.current !== null) window.clearTimeout(timer.current);
    timer.current = null;
    for (const track of stream.current?.getTracks() ?? []) track.stop();
    stream.current = null;
  };
  useEffect(() => stop, []);

  const start = async () => {
    const Detector = detectorClass();
    if (!Detector) return;
    setStatus('starting');
    setError(null);
    try {
      const media = await navigator.mediaDevices.getUserMedia({ video: { facingMode: 'environment' }, audio: false });
      stream.current = media;
      const element = video.current;
      if (!element) {
        stop();
        return;
      }
      element.srcObject = media;
      await element.play();
      setStatus('scanning');
      const detector = new Detector({ formats: ['qr_code'] });
      const tick = async () => {
        if (!stream.current) return;
        try {
          if (element.readyState >= 2) {
            const codes = await detector.detect(element);
            const found = codes.find((code) => code.rawValue);
            if (found) {
              stop();
              setStatus('idle');
              handler.current(found.rawValue);
              return;
            }
          }
        } catch {
          // A frame that cannot be read is skipped.
        }
        timer.current = window.setTimeout(() => void tick(), 250);
      };
      void tick();
    } catch (cause) {
      stop();
      setStatus('error');
      const denied = cause instanceof DOMException && (cause.name === 'NotAllowedError' || cause.name === 'SecurityError');
      setError(denied ? t('scan.denied') : t('scan.cameraFailed'));
    }
  };

  return (
    <div className="qr-scanner" data-testid="qr-scanner" data-status={status}>
      <div className={status === 'scanning' ? 'qr-viewport qr-viewport--live' : 'qr-viewport'}>
        <video ref={video} className="qr-video" muted playsInline aria-label={t('scan.title')} />
        {status === 'scanning' ? <span className="qr-laser" aria-hidden="true" /> : null}
        {status !== 'scanning' ? (
          <div className="qr-placeholder">
            <CameraIcon size={40} />
            <span>{t('scan.hint')}</span>
          </div>
        ) : null}
        <span className="qr-corner qr-corner--tl" aria-hidden="true" />
        <span className="qr-corner qr-corner--tr" aria-hidden="true" />
        <span className="qr-corner qr-corner--bl" aria-hidden="true" />
        <span className="qr-corner qr-corner--br" aria-hidden="true" />
      </div>
      {error ? (
        <div className="field-error" role="alert" data-testid="scan-error">
          {error}
        </div>
      ) : null}
      {status === 'scanning' ? (
        <Button block shape="rounded" fill="outline" onClick={() => { stop(); setStatus('idle'); }} data-testid="scan-stop">
          {t('scan.stop')}
        </Button>
      ) : (
        <Button block color="primary" shape="rounded" loading={status === 'starting'} onClick={() => void start()} data-testid="scan-start">
          {t('scan.start')}
        </Button>
      )}
    </div>
  );
}
