/**
 * A camera QR scanner for staff pages (membership cards, activity tickets): getUserMedia + jsQR on
 * a downscaled frame a few times a second, with a cooldown after each decode. The camera is never
 * left on: it stops when the page unmounts or the tab is hidden.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { ReactNode } from 'react';
import { Alert, Button, Card, Spin, Typography } from 'antd';
import { CameraOutlined, ScanOutlined, StopOutlined } from '@ant-design/icons';
import jsQR from 'jsqr';
import { useI18n } from '../i18n';

/** After a decoded frame, wait this long before decoding again (time to read the result). */
const SCAN_COOLDOWN_MS = 2500;
/** Decode at most this often: jsQR on a 640 px frame takes a few ms, the camera gives 30 fps. */
const DECODE_INTERVAL_MS = 120;
const DECODE_WIDTH = 640;

export function useQrCamera(onDecoded: (text: string) => void) {
  const videoRef = useRef<HTMLVideoElement>(null);
  const canvasRef = useRef<HTMLCanvasElement | null>(null);
  const streamRef = useRef<MediaStream | null>(null);
  const frameRef = useRef<number | null>(null);
  const lastDecodeRef = useRef(0);
  const cooldownRef = useRef(0);
  const onDecodedRef = useRef(onDecoded);
  onDecodedRef.current = onDecoded;
  const [state, setState] = useState<'idle' | 'starting' | 'running' | 'error'>('idle');
  const [error, setError] = useState<string | null>(null);

  const stop = useCallback(() => {
    if (frameRef.current !== null) cancelAnimationFrame(frameRef.current);
    frameRef.current = null;
    for (const track of streamRef.current?.getTracks() ?? []) track.stop();
    streamRef.current = null;
    if (videoRef.current) videoRef.current.srcObject = null;
    setState((s) => (s === 'error' ? s : 'idle'));
  }, []);

  const tick = useCallback((now: number) => {
    frameRef.current = requestAnimationFrame(tick);
    const video = videoRef.current;
    if (!video || video.readyState < video.HAVE_ENOUGH_DATA || !video.videoWidth) return;
    if (now - lastDecodeRef.current < DECODE_INTERVAL_MS || now < cooldownRef.current) return;
    lastDecodeRef.current = now;
    const scale = Math.min(1, DECODE_WIDTH / video.videoWidth);
    const width = Math.round(video.videoWidth * scale);
    const height = Math.round(video.videoHeight * scale);
    canvasRef.current ??= document.createElement('canvas');
    const canvas = canvasRef.current;
    if (canvas.width !== width) canvas.width = width;
    if (canvas.height !== height) canvas.height = height;
    const context = canvas.getContext('2d', { willReadFrequently: true });
    if (!context) return;
    context.drawImage(video, 0, 0, width, height);
    const image = context.getImageData(0, 0, width, height);
    const code = jsQR(image.data, width, height, { inversionAttempts: 'dontInvert' });
    if (code?.data) {
      cooldownRef.current = now + SCAN_COOLDOWN_MS;
      onDecodedRef.current(code.data);
    }
  }, []);

  const start = useCallback(
    async (unavailable: string, failed: (reason: string) => string) => {
      setError(null);
      if (!navigator.mediaDevices?.getUserMedia) {
        setState('error');
        setError(unavailable);
        return;
      }
      setState('starting');
      try {
        const stream = await navigator.mediaDevices.getUserMedia({
          audio: false,
          video: { facingMode: { ideal: 'environment' }, width: { ideal: 1280 }, height: { ideal: 720 } },
        });
        streamRef.current = stream;
        const video = videoRef.current;
        if (!video) {
          for (const track of stream.getTracks()) track.stop();
          return;
        }
        video.srcObject = stream;
        await video.play();
        setState('running');
        frameRef.current = requestAnimationFrame(tick);
      } catch (err) {
        for (const track of streamRef.current?.getTracks() ?? []) track.stop();
        streamRef.current = null;
        setState('error');
        setError(failed(err instanceof Error ? `${err.name}${err.message ? `: ${err.message}` : ''}` : String(err)));
      }
    },
    [tick],
  );

  // Never leave the camera on: not when leaving the page, not when the tab is hidden.
  useEffect(() => {
    const onHidden = () => {
      if (document.visibilityState === 'hidden') stop();
    };
    document.addEventListener('visibilitychange', onHidden);
    return () => {
      document.removeEventListener('visibilitychange', onHidden);
      stop();
    };
  }, [stop]);

  return { videoRef, state, error, start, stop };
}

export interface QrScannerProps {
  onToken: (token: string) => void;
  busy: boolean;
  title: ReactNode;
  /** Test ids: `<prefix>-scanner`, `<prefix>-camera-start`, `<prefix>-camera-stop`, `<prefix>-camera-error`. */
  testIdPrefix: string;
  className?: string;
}

export function QrScanner({ onToken, busy, title, testIdPrefix, className }: QrScannerProps) {
  const { t } = useI18n();
  const camera = useQrCamera(onToken);
  const running = camera.state === 'running' || camera.state === 'starting';
  return (
    <Card
      className={className}
      title={
        <span className="gh-stat-title">
          <ScanOutlined />
          {title}
        </span>
      }
    >
      <div className={`gh-scanner${running ? ' gh-scanner-on' : ''}`} data-testid={`${testIdPrefix}-scanner`} data-state={camera.state}>
        <video ref={camera.videoRef} muted playsInline className="gh-scanner-video" aria-label={t('scanner.cameraHint')} />
        {running ? (
          <div className="gh-scanner-frame" aria-hidden>
            <span />
          </div>
        ) : (
          <div className="gh-scanner-idle">
            <CameraOutlined className="gh-scanner-icon" />
            <Typography.Text type="secondary">{t('scanner.cameraIdle')}</Typography.Text>
          </div>
        )}
        {camera.state === 'starting' || busy ? <Spin className="gh-scanner-spin" /> : null}
      </div>
      {camera.error ? <Alert type="warning" showIcon title={camera.error} className="gh-scanner-alert" data-testid={`${testIdPrefix}-camera-error`} /> : null}
      <div className="gh-scanner-actions">
        {running ? (
          <>
            <Typography.Text type="secondary" className="gh-small">
              {t('scanner.cameraHint')}
            </Typography.Text>
            <Button icon={<StopOutlined />} onClick={camera.stop} data-testid={`${testIdPrefix}-camera-stop`}>
              {t('scanner.stopCamera')}
            </Button>
          </>
        ) : (
          <Button
            type="primary"
            size="large"
            block
            icon={<CameraOutlined />}
            onClick={() => void camera.start(t('scanner.cameraUnavailable'), (reason) => t('scanner.cameraFailed', { reason }))}
            data-testid={`${testIdPrefix}-camera-start`}
          >
            {t('scanner.startCamera')}
          </Button>
        )}
      </div>
    </Card>
  );
}
