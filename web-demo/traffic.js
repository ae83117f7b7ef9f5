// The traffic code (R2): partner.channel.placement.creative. The advertiser's own page is
// "direct"; a partner-hosted page takes its parts from its URL:
//   partner   <- ?partner=        (the partner id the manifest lists with its key)
//   channel   <- ?utm_medium=     (e-mail, social, display, ...)
//   placement <- ?utm_source=     (where on the partner's side: newsletter, homepage, ...)
//   creative  <- ?utm_content=    (which banner, text or mailing)
// utm_campaign is kept in the capture context as a fact. The core validates the code; the page only
// lowers letters and turns characters outside [a-z0-9_-] into '-' so ordinary UTM values fit.
const kMaxPart = 32;

function part(value, fallback) {
  const cleaned = String(value || '').trim().toLowerCase().replace(/[^a-z0-9_-]+/g, '-')
      .replace(/^-+|-+$/g, '').slice(0, kMaxPart);
  return cleaned || fallback;
}

export function trafficFromUrl(url, kind) {
  const q = new URL(url).searchParams;
  if (kind !== 'partner') {
    return {
      code: ['direct', part(q.get('utm_medium'), 'web'), part(q.get('utm_source'), 'landing'),
             part(q.get('utm_content'), 'default')].join('.'),
      utm_campaign: q.get('utm_campaign') || '',
      partner: 'direct',
    };
  }
  const partner = part(q.get('partner') || q.get('utm_source'), 'unknown');
  return {
    code: [partner, part(q.get('utm_medium'), 'web'), part(q.get('utm_source'), 'partner-page'),
           part(q.get('utm_content'), 'default')].join('.'),
    utm_campaign: q.get('utm_campaign') || '',
    partner,
  };
}
