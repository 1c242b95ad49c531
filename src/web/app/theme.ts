import type { ThemeConfig } from 'antd';

/**
 * Ant Design theme with WCAG 2.1 AA contrast (≥ 4.5:1 for text). antd's defaults fall short: links and
 * "processing" tags use colorInfo #1677ff (4.1:1), status tags 1.8–3.4:1, secondary text 3.36:1 and
 * placeholders 1.83:1. Every figure below was checked against white and the tags' tinted backgrounds.
 */
export const theme: ThemeConfig = {
  token: {
    colorPrimary: '#1658c4', // 6.5:1 on white
    colorInfo: '#1658c4', // links and "processing" tags
    colorLink: '#1658c4',
    colorSuccess: '#237804', // 5.4:1 on its tag background
    colorWarning: '#ad4e00', // 5.1:1
    colorError: '#cf1322', // 5.1:1
    colorTextTertiary: 'rgba(0, 0, 0, 0.6)', // 5.7:1 (was 3.36:1): descriptions, secondary Typography, icons
    colorTextDescription: 'rgba(0, 0, 0, 0.6)',
    colorTextPlaceholder: 'rgba(0, 0, 0, 0.58)', // 5.3:1 (was 1.83:1)
    // Preset tag colours draw their text from the 7th shade; these shades are too light on the 1st.
    green7: '#237804',
    cyan7: '#006d75',
    lime7: '#3f6600',
    orange7: '#ad4e00',
    gold7: '#874d00',
    volcano7: '#ad2102',
    yellow7: '#876800',
    // One h1 per screen, drawn at the size of a section title.
    fontSizeHeading1: 20,
    lineHeightHeading1: 1.4,
    borderRadius: 4,
  },
};
