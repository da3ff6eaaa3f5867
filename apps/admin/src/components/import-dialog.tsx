/**
 * "批量导入": download a template, upload an xlsx/csv sheet, watch the import job (polled every
 * second) and read its summary, with the error report when rows were refused; and the recent
 * imports of the admin's scope ("导入记录").
 */
import { useEffect, useState } from 'react';
import { Alert, Button, Col, Modal, Progress, Result, Row, Space, Spin, Statistic, Table, Tabs, Typography, Upload } from 'antd';
import type { TableColumnsType, UploadFile } from 'antd';
import { FileExcelOutlined, FileTextOutlined, InboxOutlined, ReloadOutlined } from '@ant-design/icons';
import { SHEET_KINDS } from '@gonghui/contracts';
import type { Job, SheetKind } from '@gonghui/contracts';
import { ApiError, api, isAbortError, isApiError } from '../api-client';
import { formatDateTime, formatNumber } from '../format';
import { useI18n } from '../i18n';
import { useApi } from '../use-api';
import { useIsMobile } from '../use-media-query';
import { DownloadButton, DownloadLink } from './download-button';
import { LoadError } from './load-error';
import { JobStatusTag } from './tags';
import type { DialogProps } from './use-dialog';

const MAX_BYTES = 50 * 1024 * 1024;
const ACCEPT = '.xlsx,.csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,text/csv';
const POLL_MS = 1000;

function isRunning(job: Job): boolean {
  return job.status === 'queued' || job.status === 'running';
}

/** The sheet kind a job imported, when its `kind` names one ('members', 'import:members', …). */
export function jobSheetKind(job: Job): SheetKind | undefined {
  return SHEET_KINDS.find((k) => job.kind === k || job.kind.split(/[:._/-]/).includes(k));
}

/** Follow a job: poll every second while it is queued or running. */
export function useJob(jobId: string | null, initial?: Job): { job: Job | null; error: ApiError | null; retry: () => void } {
  const [job, setJob] = useState<Job | null>(initial && initial.id === jobId ? initial : null);
  const [error, setError] = useState<ApiError | null>(null);
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    if (!jobId) {
      setJob(null);
      return;
    }
    const controller = new AbortController();
    let timer: number | undefined;
    const poll = async () => {
      try {
        const next = await api.job(jobId, controller.signal);
        if (controller.signal.aborted) return;
        setJob(next);
        setError(null);
        if (isRunning(next)) timer = window.setTimeout(() => void poll(), POLL_MS);
      } catch (err) {
        if (controller.signal.aborted || isAbortError(err)) return;
        setError(isApiError(err) ? err : new ApiError(0, 'NETWORK_ERROR', String(err)));
      }
    };
    void poll();
    return () => {
      controller.abort();
      if (timer !== undefined) window.clearTimeout(timer);
    };
  }, [jobId, attempt]);

  return { job, error, retry: () => setAttempt((n) => n + 1) };
}

function JobCounts({ job }: { job: Job }) {
  const { t, lang } = useI18n();
  const fmt = (v: number | string) => formatNumber(Number(v), lang);
  const counts = [
    { key: 'processed', label: t('jobs.processed'), value: job.processed, color: undefined },
    { key: 'imported', label: t('jobs.imported'), value: job.imported, color: '#389e0d' },
    { key: 'unchanged', label: t('jobs.unchanged'), value: job.unchanged, color: '#8c8c8c' },
    { key: 'failed', label: t('jobs.failed'), value: job.failed, color: job.failed ? '#cf1322' : undefined },
  ];
  return (
    <Row gutter={[12, 12]} className="gh-job-counts">
      {counts.map((c) => (
        <Col key={c.key} xs={12} sm={6}>
          <Statistic
            title={c.label}
            value={c.value}
            formatter={fmt}
            styles={c.color ? { content: { color: c.color, fontSize: 20 } } : { content: { fontSize: 20 } }}
            data-testid={`job-${c.key}`}
          />
        </Col>
      ))}
    </Row>
  );
}

/** Progress while the job runs; its summary (and error report) once it is done. */
export function JobView({ jobId, initial, onDone }: { jobId: string; initial?: Job; onDone?: (job: Job) => void }) {
  const { t } = useI18n();
  const { job, error, retry } = useJob(jobId, initial);
  const [reported, setReported] = useState<string | null>(null);

  useEffect(() => {
    if (job && !isRunning(job) && reported !== job.id) {
      setReported(job.id);
      onDone?.(job);
    }
  }, [job, reported, onDone]);

  if (error && !job) return <LoadError error={error} onRetry={retry} compact />;
  if (!job) return <Spin description={t('common.loading')} className="gh-job-spin" />;

  const errorLink = job.hasErrorFile ? (
    <DownloadLink href={api.jobErrorsUrl(job.id)} run={() => api.downloadJobErrors(job.id)} data-testid="import-errors-download">
      {t('jobs.downloadErrors')}
    </DownloadLink>
  ) : null;

  if (isRunning(job)) {
    const percent = job.total ? Math.min(100, Math.floor((job.processed / job.total) * 100)) : 0;
    return (
      <div data-testid="import-progress" data-status={job.status}>
        <Typography.Paragraph>
          {job.status === 'queued'
            ? t('jobs.queuedText')
            : job.total === null
              ? t('jobs.readingText')
              : t('jobs.runningText', { processed: job.processed, total: job.total })}
        </Typography.Paragraph>
        <Progress percent={percent} status="active" data-testid="import-progress-bar" />
        <JobCounts job={job} />
        {error ? (
          <Alert
            type="warning"
            showIcon
            title={error.message}
            className="gh-import-alert"
            action={
              <Button size="small" onClick={retry} data-testid="import-poll-retry">
                {t('common.retry')}
              </Button>
            }
          />
        ) : null}
      </div>
    );
  }

  const succeeded = job.status === 'succeeded';
  const withFailures = succeeded && job.failed > 0;
  return (
    <div data-testid="import-result" data-status={job.status}>
      <Result
        className="gh-result-compact"
        status={!succeeded ? 'error' : withFailures ? 'warning' : 'success'}
        title={!succeeded ? t('jobs.failedTitle') : withFailures ? t('jobs.partialTitle', { failed: job.failed }) : t('jobs.doneTitle')}
        subTitle={
          <span data-testid="import-summary">
            {job.message ??
              t('jobs.summary', { total: job.total ?? job.processed, imported: job.imported, unchanged: job.unchanged, failed: job.failed })}
          </span>
        }
        extra={errorLink}
      />
      <JobCounts job={job} />
    </div>
  );
}

function validateFile(file: File): 'type' | 'size' | null {
  const name = file.name.toLowerCase();
  if (!name.endsWith('.xlsx') && !name.endsWith('.csv')) return 'type';
  if (file.size > MAX_BYTES) return 'size';
  return null;
}

function UploadPane({ kind, onStarted }: { kind: SheetKind; onStarted: (job: Job) => void }) {
  const { t } = useI18n();
  const [file, setFile] = useState<File | null>(null);
  const [fileError, setFileError] = useState<string | null>(null);
  const [submitError, setSubmitError] = useState<ApiError | null>(null);
  const [submitting, setSubmitting] = useState(false);

  const fileList: UploadFile[] = file ? [{ uid: 'sheet', name: file.name, size: file.size, status: 'done' }] : [];

  const start = async () => {
    if (!file) {
      setFileError(t('import.chooseFile'));
      return;
    }
    setSubmitting(true);
    setSubmitError(null);
    try {
      onStarted(await api.importSheet(kind, file));
    } catch (error) {
      setSubmitError(isApiError(error) ? error : new ApiError(0, 'NETWORK_ERROR', t('errors.network')));
    } finally {
      setSubmitting(false);
    }
  };

  return (
    <div data-testid="import-upload">
      <div className="gh-import-templates">
        <Typography.Text type="secondary">{t('import.templates')}</Typography.Text>
        <Space wrap size={8}>
          <DownloadButton size="small" icon={<FileExcelOutlined />} run={() => api.downloadTemplate(kind, 'xlsx')} data-testid="import-template-xlsx">
            {t('import.templateXlsx')}
          </DownloadButton>
          <DownloadButton size="small" icon={<FileTextOutlined />} run={() => api.downloadTemplate(kind, 'csv')} data-testid="import-template-csv">
            {t('import.templateCsv')}
          </DownloadButton>
        </Space>
      </div>
      <Upload.Dragger
        accept={ACCEPT}
        multiple={false}
        maxCount={1}
        fileList={fileList}
        beforeUpload={(candidate) => {
          const problem = validateFile(candidate);
          if (problem) {
            setFileError(t(problem === 'type' ? 'import.badType' : 'import.tooLarge'));
            return Upload.LIST_IGNORE;
          }
          setFile(candidate);
          setFileError(null);
          setSubmitError(null);
          return false; // uploaded by the "start" button, not by antd
        }}
        onRemove={() => {
          setFile(null);
          return true;
        }}
        disabled={submitting}
        data-testid="import-dragger"
      >
        <p className="ant-upload-drag-icon">
          <InboxOutlined />
        </p>
        <p className="ant-upload-text">{t('import.dragText')}</p>
        <p className="ant-upload-hint">{t('import.dragHint')}</p>
      </Upload.Dragger>
      {fileError ? <Alert type="error" showIcon title={fileError} className="gh-import-alert" data-testid="import-file-error" /> : null}
      {submitError ? (
        <Alert
          type="error"
          showIcon
          title={submitError.message}
          description={submitError.issues.length ? submitError.issues.map((i) => i.message).join('; ') : undefined}
          className="gh-import-alert"
          data-testid="import-error"
        />
      ) : null}
      <div className="gh-import-actions">
        <Button type="primary" onClick={() => void start()} loading={submitting} disabled={!file} data-testid="import-start">
          {t('import.start')}
        </Button>
      </div>
    </div>
  );
}

function JobHistory({ onOpen }: { onOpen: (job: Job) => void }) {
  const { t, lang } = useI18n();
  const isMobile = useIsMobile();
  const [page, setPage] = useState(1);
  const pageSize = 10;
  const { data, error, loading, reload } = useApi((signal) => api.jobs({ page, pageSize }, signal), [page]);

  if (error) return <LoadError error={error} onRetry={reload} compact />;

  const columns: TableColumnsType<Job> = [
    {
      key: 'file',
      title: t('jobs.file'),
      dataIndex: 'fileName',
      ellipsis: true,
      render: (name: string | null, job) => {
        const kind = jobSheetKind(job);
        return (
          <span className="gh-stack">
            <span>{name ?? t('common.none')}</span>
            <Typography.Text type="secondary" className="gh-small">
              {kind ? t(`sheetKind.${kind}`) : job.kind} · {formatDateTime(job.createdAt, lang)}
            </Typography.Text>
          </span>
        );
      },
    },
    { key: 'status', title: t('jobs.status'), dataIndex: 'status', width: 90, render: (s: Job['status']) => <JobStatusTag status={s} /> },
    {
      key: 'counts',
      title: t('jobs.result'),
      width: 170,
      render: (_, job) => (
        <span className="gh-small">
          {t('jobs.countsShort', { imported: job.imported, unchanged: job.unchanged, failed: job.failed })}
        </span>
      ),
    },
    {
      key: 'actions',
      title: t('common.actions'),
      width: 90,
      render: (_, job) => (
        <Button type="link" size="small" className="gh-link-button" onClick={() => onOpen(job)} data-testid="import-history-open" data-job-id={job.id}>
          {t('jobs.view')}
        </Button>
      ),
    },
  ];

  return (
    <div data-testid="import-history">
      <div className="gh-import-history-head">
        <Button size="small" icon={<ReloadOutlined />} onClick={reload} loading={loading}>
          {t('common.refresh')}
        </Button>
      </div>
      <Table<Job>
        rowKey="id"
        size="small"
        columns={columns}
        dataSource={data?.items ?? []}
        loading={loading}
        pagination={{ current: page, pageSize, total: data?.total ?? 0, simple: isMobile, size: 'small', showSizeChanger: false }}
        onChange={(p) => setPage(p.current ?? 1)}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: loading ? ' ' : t('jobs.empty') }}
        data-testid="import-history-table"
      />
    </div>
  );
}

export interface ImportDialogProps extends DialogProps {
  kind: SheetKind;
  /** Called when an import finished with rows imported: reload the list behind the dialog. */
  onImported?: (job: Job) => void;
}

export function ImportDialog({ kind, open, onClose, afterClose, onImported }: ImportDialogProps) {
  const { t } = useI18n();
  const isMobile = useIsMobile();
  const [tab, setTab] = useState<'upload' | 'history'>('upload');
  const [current, setCurrent] = useState<Job | null>(null);
  const [finished, setFinished] = useState<string | null>(null);

  const uploadTab = current ? (
    <div>
      <JobView
        key={current.id}
        jobId={current.id}
        initial={current}
        onDone={(job) => {
          setFinished(job.id);
          if (job.status === 'succeeded' && job.imported > 0) onImported?.(job);
        }}
      />
      {finished === current.id ? (
        <div className="gh-import-actions">
          <Button onClick={() => setCurrent(null)} data-testid="import-another">
            {t('import.another')}
          </Button>
        </div>
      ) : null}
    </div>
  ) : (
    <UploadPane kind={kind} onStarted={setCurrent} />
  );

  return (
    <Modal
      open={open}
      title={t('import.title', { kind: t(`sheetKind.${kind}`) })}
      onCancel={onClose}
      footer={
        <Button onClick={onClose} data-testid="import-close">
          {t('common.close')}
        </Button>
      }
      afterClose={afterClose}
      mask={{ closable: false }}
      width={isMobile ? '100%' : 680}
    >
      <div data-testid="import-dialog" data-kind={kind}>
      <Tabs
        activeKey={tab}
        onChange={(key) => setTab(key === 'history' ? 'history' : 'upload')}
        items={[
          { key: 'upload', label: <span data-testid="import-tab-upload">{t('import.tabUpload')}</span>, children: uploadTab },
          {
            key: 'history',
            label: <span data-testid="import-tab-history">{t('import.tabHistory')}</span>,
            children: (
              <JobHistory
                onOpen={(job) => {
                  setCurrent(job);
                  setTab('upload');
                }}
              />
            ),
            destroyOnHidden: true,
          },
        ]}
      />
      </div>
    </Modal>
  );
}
