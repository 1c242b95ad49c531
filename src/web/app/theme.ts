import type { ThemeConfig } from 'antd';

/**
 * Ant Design theme with WCAG 2.1 AA contrast (≥ 4.5:1 for text). antd's defaults fall short: links and
 * "processing" tags use colorInfo #1677ff (4.1:1), status tags 1.8–3.4:1, secondary text 3.36:1 and
 * placeholders 1.83:1. Every figure below was checked against white and the tags' tinted backgrounds.
 */
// A palette shade has two names (green7 and green-7) that become one CSS variable (--ant-green-7): set both.
function shade7(colors: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(colors).flatMap(([k, v]) => [[`${k}7`, v], [`${k}-7`, v]]));
}

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
    ...shade7({ green: '#237804', cyan: '#006d75', lime: '#3f6600', orange: '#ad4e00', gold: '#874d00', volcano: '#ad2102', yellow: '#876800' }),
    // One h1 per screen, drawn at the size of a section title.
    fontSizeHeading1: 20,
    lineHeightHeading1: 1.4,
    borderRadius: 4,
  },
  components: {
    // An empty table says so in disabled grey (1.8:1); it is information, so it gets description grey.
    Table: { colorTextDisabled: 'rgba(0, 0, 0, 0.6)' },
  },
};
