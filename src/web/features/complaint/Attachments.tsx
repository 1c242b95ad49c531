import { useState } from 'react';
import { Button, Empty, Space, Table, Typography, Upload } from 'antd';
import { UploadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.js';
import type { Attachment, ComplaintDetail } from '../../api/types.js';
import { useSession } from '../../app/session.js';
import { fmtBytes, fmtDateTime } from '../../components/format.js';
import { errorMessage } from '../../i18n/index.js';
import { useFeedback } from '../../app/feedback.js';

export function Attachments({ complaint: c, items, onUploaded }: { complaint: ComplaintDetail; items: Attachment[]; onUploaded: (a: Attachment) => void }) {
  const { t } = useTranslation();
  const { can, userName } = useSession();
  const { message } = useFeedback();
  const [busy, setBusy] = useState(false);

  const upload = async (file: File) => {
    setBusy(true);
    try {
      const fd = new FormData();
      fd.append('file', file, file.name);
      const a = await api.post<Attachment>(`/complaints/${c.id}/attachments`, fd);
      message.success(t('complaint.uploaded', { name: a.filename }));
      onUploaded(a);
    } catch (e) {
      message.error(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div>
      {can('complaint.attach') && (
        <Space style={{ marginBottom: 8 }}>
          <Upload
            showUploadList={false}
            beforeUpload={(file) => {
              void upload(file as File);
              return false;
            }}
          >
            <Button icon={<UploadOutlined />} loading={busy}>
              {t('common.upload')}
            </Button>
          </Upload>
          <Typography.Text type="secondary">{t('complaint.uploadHint')}</Typography.Text>
        </Space>
      )}
      {items.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('complaint.noAttachments')} />
      ) : (
        <Table<Attachment>
          size="small"
          rowKey="id"
          pagination={false}
          dataSource={items}
          columns={[
            { title: t('common.name'), dataIndex: 'filename', render: (n: string, a) => <a href={`/api/v1/complaints/${c.id}/attachments/${a.id}`} download={n}>{n}</a> },
            { title: t('complaint.size'), dataIndex: 'size', width: 90, render: fmtBytes },
            { title: t('complaint.owner'), dataIndex: 'uploadedBy', width: 110, render: (id: string) => userName(id) },
            { title: t('common.createdAt'), dataIndex: 'createdAt', width: 150, render: fmtDateTime },
          ]}
        />
      )}
    </div>
  );
}
