/** Buttons and links that download a file through the API client (errors shown as messages). */
import { useState } from 'react';
import type { ReactNode } from 'react';
import { App, Button, Space } from 'antd';
import type { ButtonProps } from 'antd';
import { DownloadOutlined, FileExcelOutlined, FileTextOutlined } from '@ant-design/icons';
import type { SheetKind } from '@gonghui/contracts';
import { api, isApiError } from '../api-client';
import type { QueryValue, SheetFormat } from '../api-client';
import { useI18n } from '../i18n';

function useDownload(run: () => Promise<string>) {
  const { message } = App.useApp();
  const { t } = useI18n();
  const [busy, setBusy] = useState(false);
  const start = async () => {
    if (busy) return;
    setBusy(true);
    try {
      const name = await run();
      message.success(t('download.started', { name }));
    } catch (error) {
      message.error(isApiError(error) ? error.message : t('errors.network'));
    } finally {
      setBusy(false);
    }
  };
  return { busy, start };
}

export interface DownloadButtonProps {
  run: () => Promise<string>;
  children: ReactNode;
  icon?: ReactNode;
  type?: ButtonProps['type'];
  size?: ButtonProps['size'];
  className?: string;
  'data-testid'?: string;
}

export function DownloadButton({ run, children, icon = <DownloadOutlined />, type, size, className, ...rest }: DownloadButtonProps) {
  const { busy, start } = useDownload(run);
  return (
    <Button type={type} size={size} icon={icon} loading={busy} onClick={() => void start()} className={className} data-testid={rest['data-testid']}>
      {children}
    </Button>
  );
}

/** A real link (right-click works), which downloads through fetch so errors can be shown. */
export function DownloadLink({ href, run, children, ...rest }: { href: string; run: () => Promise<string>; children: ReactNode; 'data-testid'?: string }) {
  const { busy, start } = useDownload(run);
  return (
    <a
      href={href}
      onClick={(event) => {
        event.preventDefault();
        void start();
      }}
      aria-busy={busy}
      data-testid={rest['data-testid']}
    >
      <DownloadOutlined /> {children}
    </a>
  );
}

/** "导出 Excel / 导出 CSV" for what the current filters of a list show. */
export function ExportButtons({ kind, filters, testIdPrefix }: { kind: SheetKind; filters: Record<string, QueryValue>; testIdPrefix: string }) {
  const { t } = useI18n();
  const exportAs = (format: SheetFormat) => () => api.exportSheet(kind, format, filters);
  return (
    <Space.Compact>
      <DownloadButton run={exportAs('xlsx')} icon={<FileExcelOutlined />} data-testid={`${testIdPrefix}-export-xlsx`}>
        {t('sheets.exportXlsx')}
      </DownloadButton>
      <DownloadButton run={exportAs('csv')} icon={<FileTextOutlined />} data-testid={`${testIdPrefix}-export-csv`}>
        {t('sheets.exportCsv')}
      </DownloadButton>
    </Space.Compact>
  );
}
