// The one table of stable error codes. The core, the server's JSON errors and the CLI all use it;
// docs/error-codes.md is checked against it by a test. Codes never change meaning once published.
#pragma once

#include <cstdint>
#include <string_view>

namespace capture {

// X(Enum, "wire_code", http_status, "English hint", "Dutch hint")
#define CAPTURE_ERROR_CODES(X)                                                                    \
  /* JSON and encodings */                                                                        \
  X(kJsonInvalid, "json_invalid", 400, "The body is not valid JSON.",                             \
    "De invoer is geen geldige JSON.")                                                            \
  X(kJsonTooDeep, "json_too_deep", 400, "The JSON is nested too deeply.",                         \
    "De JSON is te diep genest.")                                                                 \
  X(kJsonTooLarge, "json_too_large", 413, "The body is larger than allowed.",                     \
    "De invoer is groter dan toegestaan.")                                                        \
  X(kJsonDuplicateKey, "json_duplicate_key", 400, "A JSON object has the same key twice.",        \
    "Een JSON-object bevat dezelfde sleutel twee keer.")                                          \
  X(kJsonWrongType, "json_wrong_type", 400, "A JSON member has the wrong type.",                  \
    "Een JSON-onderdeel heeft het verkeerde type.")                                               \
  X(kJsonMissingMember, "json_missing_member", 400, "A required JSON member is missing.",         \
    "Een verplicht JSON-onderdeel ontbreekt.")                                                    \
  X(kJsonUnknownMember, "json_unknown_member", 400, "The JSON has a member that is not allowed.", \
    "De JSON bevat een onderdeel dat niet is toegestaan.")                                        \
  X(kJsonNumberInvalid, "json_number_invalid", 400,                                               \
    "A number cannot be represented exactly (RFC 8785 needs IEEE 754 doubles).",                  \
    "Een getal is niet exact weer te geven.")                                                     \
  X(kUtf8Invalid, "utf8_invalid", 400, "The text is not valid UTF-8.",                            \
    "De tekst is geen geldige UTF-8.")                                                            \
  X(kBase64Invalid, "base64_invalid", 400, "A value is not valid base64.",                        \
    "Een waarde is geen geldige base64.")                                                         \
  X(kHexInvalid, "hex_invalid", 400, "A value is not valid lowercase hex.",                       \
    "Een waarde is geen geldige hexadecimale tekst.")                                             \
  X(kBytesExpected, "bytes_expected", 400,                                                        \
    "An argument must be bytes (a Uint8Array or an ArrayBuffer).",                                \
    "Een argument moet uit bytes bestaan (een Uint8Array of een ArrayBuffer).")                   \
  /* Crypto */                                                                                    \
  X(kCryptoUnavailable, "crypto_unavailable", 500, "The crypto library could not start.",         \
    "De cryptobibliotheek kon niet starten.")                                                     \
  X(kKeyInvalid, "key_invalid", 400, "A key has the wrong length or form.",                       \
    "Een sleutel heeft een verkeerde lengte of vorm.")                                            \
  X(kDecryptFailed, "decrypt_failed", 500,                                                        \
    "Encrypted data could not be decrypted (is keys/master.key the one it was sealed with?).",    \
    "Versleutelde gegevens konden niet worden ontsleuteld.")                                      \
  /* Fields (R6) */                                                                               \
  X(kFieldRequired, "field_required", 422, "This field is required.", "Dit veld is verplicht.")   \
  X(kFieldTooLong, "field_too_long", 422, "This value is too long.", "Deze waarde is te lang.")   \
  X(kFieldControlCharacters, "field_control_characters", 422,                                     \
    "This value contains control characters.", "Deze waarde bevat stuurtekens.")                  \
  X(kFieldUtf8Invalid, "field_utf8_invalid", 422, "This value is not valid text (UTF-8).",        \
    "Deze waarde is geen geldige tekst (UTF-8).")                                                 \
  X(kNameInvalid, "name_invalid", 422, "Enter a name with letters.",                              \
    "Vul een naam in met letters.")                                                               \
  X(kEmailInvalid, "email_invalid", 422, "Enter a valid e-mail address, like naam@voorbeeld.nl.", \
    "Vul een geldig e-mailadres in, zoals naam@voorbeeld.nl.")                                    \
  X(kPhoneInvalid, "phone_invalid", 422, "Enter a valid Dutch phone number, like 06-12345678.",   \
    "Vul een geldig Nederlands telefoonnummer in, zoals 06-12345678.")                            \
  X(kPhoneNotDutch, "phone_not_dutch", 422, "Only Dutch phone numbers (+31) are accepted.",       \
    "Alleen Nederlandse telefoonnummers (+31) worden geaccepteerd.")                              \
  X(kPhonePremiumRefused, "phone_premium_refused", 422,                                           \
    "Premium-rate numbers (0900, 0906, 0909) cannot be used for calls.",                          \
    "Betaalnummers (0900, 0906, 0909) kunnen niet gebruikt worden.")                              \
  X(kPhoneServiceRefused, "phone_service_refused", 422,                                           \
    "Service, free-phone and special numbers cannot be used for calls.",                          \
    "Service-, gratis en speciale nummers kunnen niet gebruikt worden.")                          \
  X(kPostcodeInvalid, "postcode_invalid", 422, "Enter a Dutch postcode, like 1234 AB.",           \
    "Vul een postcode in, zoals 1234 AB.")                                                        \
  X(kHouseNumberInvalid, "house_number_invalid", 422,                                             \
    "Enter a house number, with an addition if any, like 12 or 12-A.",                            \
    "Vul een huisnummer in, eventueel met toevoeging, zoals 12 of 12-A.")                         \
  X(kDateInvalid, "date_invalid", 422, "Enter a date as DD-MM-YYYY.",                             \
    "Vul een datum in als DD-MM-JJJJ.")                                                           \
  X(kAgeBelowMinimum, "age_below_minimum", 422, "You are too young to take part.",                \
    "Je bent te jong om mee te doen.")                                                            \
  X(kAgeImplausible, "age_implausible", 422, "This date of birth is not plausible.",              \
    "Deze geboortedatum is niet aannemelijk.")                                                    \
  X(kChoiceUnknown, "choice_unknown", 422, "Choose one of the offered options.",                  \
    "Kies een van de aangeboden opties.")                                                         \
  X(kFieldNotDeclared, "field_not_declared", 422,                                                 \
    "This field is not declared by the campaign (data minimisation).",                            \
    "Dit veld hoort niet bij de campagne (dataminimalisatie).")                                   \
  X(kFieldTypeUnknown, "field_type_unknown", 400,                                                 \
    "Unknown field type: use given_name, family_name, email, phone_nl, postcode_nl, "             \
    "house_number, date_of_birth, choice or short_text.",                                         \
    "Onbekend veldtype.")                                                                         \
  /* Manifest (R1, R3, R4, R5) */                                                                 \
  X(kManifestInvalid, "manifest_invalid", 400,                                                    \
    "The campaign manifest breaks its schema (docs/manifest.md); the error names the member.",    \
    "Het campagnemanifest is ongeldig.")                                                          \
  X(kManifestSignatureInvalid, "manifest_signature_invalid", 422,                                 \
    "The manifest's signature does not verify with the advertiser key: changed after signing, "   \
    "or signed with another key (sign again with optin manifest sign).",                          \
    "De handtekening van het campagnemanifest klopt niet.")                                       \
  X(kManifestFieldWithoutPurpose, "manifest_field_without_purpose", 422,                          \
    "Every field must state its purpose (data minimisation).",                                    \
    "Elk veld moet een doel hebben (dataminimalisatie).")                                         \
  X(kManifestMarketingConsentRequired, "manifest_marketing_consent_required", 422,                \
    "A marketing consent may not be required for taking part.",                                   \
    "Een toestemming voor marketing mag geen voorwaarde zijn om mee te doen.")                    \
  X(kManifestPhoneNotGated, "manifest_phone_not_gated", 422,                                      \
    "A phone field must be gated by a telephone consent and must not be required.",               \
    "Een telefoonveld moet afhangen van een toestemming voor telefoon en mag niet verplicht "     \
    "zijn.")                                                                                      \
  X(kManifestTermsUrlMissing, "manifest_terms_url_missing", 422,                                  \
    "The campaign terms URL is missing or not https.",                                            \
    "De link naar de actievoorwaarden ontbreekt of is geen https.")                               \
  X(kManifestPrivacyUrlMissing, "manifest_privacy_url_missing", 422,                              \
    "The privacy statement URL is missing or not https.",                                         \
    "De link naar de privacyverklaring ontbreekt of is geen https.")                              \
  X(kManifestDuplicateName, "manifest_duplicate_name", 422,                                       \
    "Two fields, consents, partners or origins have the same name; rename one.",                  \
    "Twee velden of toestemmingen heten gelijk.")                                                 \
  X(kManifestAdvertiserKeyMismatch, "manifest_advertiser_key_mismatch", 422,                      \
    "The manifest names another advertiser key than the trusted one.",                            \
    "Het manifest noemt een andere adverteerderssleutel dan de vertrouwde.")                      \
  X(kManifestTelephoneConsentIncomplete, "manifest_telephone_consent_incomplete", 422,            \
    "A telephone consent must name who will call (caller) and about what (subject).",             \
    "Een toestemming voor telefoon moet noemen wie belt en waarover.")                            \
  /* Record (R2, R4, R8) */                                                                       \
  X(kRecordInvalid, "record_invalid", 400, "The consent record is malformed.",                    \
    "Het toestemmingsrecord is ongeldig.")                                                        \
  X(kRecordIdInvalid, "record_id_invalid", 400,                                                   \
    "The record id is not a lowercase UUIDv7, or its time differs from captured_at.",             \
    "Het record-id is geen UUIDv7.")                                                              \
  X(kSourceInvalid, "source_invalid", 400,                                                        \
    "The traffic code must be partner.channel.placement.creative.",                               \
    "De herkomstcode moet partner.kanaal.plaatsing.uiting zijn.")                                 \
  X(kRecordSignatureInvalid, "record_signature_invalid", 422,                                     \
    "The record's signature does not verify with its device key: it was changed after signing.",  \
    "De handtekening van het record klopt niet.")                                                 \
  X(kDisclosureMismatch, "disclosure_mismatch", 422,                                              \
    "A disclosed value does not match its commitment in the record.",                             \
    "Een meegestuurde waarde past niet bij het record.")                                          \
  X(kDisclosureMissing, "disclosure_missing", 422, "A committed field has no disclosure.",        \
    "Bij een veld in het record ontbreekt de waarde.")                                            \
  X(kDisclosureUnexpected, "disclosure_unexpected", 422,                                          \
    "A disclosure has no commitment in the record.",                                              \
    "Er is een waarde zonder veld in het record.")                                                \
  X(kDisclosureNotNormalised, "disclosure_not_normalised", 422,                                   \
    "A disclosed value is empty or not in its normal form.",                                      \
    "Een meegestuurde waarde is leeg of niet in de standaardvorm.")                               \
  X(kPartnerNotAllowed, "partner_not_allowed", 422,                                               \
    "The traffic code names a partner the campaign does not allow.",                              \
    "De herkomstcode noemt een partner die niet bij de campagne hoort.")                          \
  X(kCampaignMismatch, "campaign_mismatch", 422,                                                  \
    "The record names another campaign, version or manifest hash.",                               \
    "Het record hoort bij een andere campagne of versie.")                                        \
  X(kShownTextMismatch, "shown_text_mismatch", 422,                                               \
    "The hash of the shown legal texts does not match the campaign: render the manifest's "       \
    "shown_texts exactly.",                                                                       \
    "De getoonde teksten komen niet overeen met de campagne.")                                    \
  X(kConsentUnknown, "consent_unknown", 422, "The record names a consent the campaign lacks.",    \
    "Het record noemt een toestemming die de campagne niet kent.")                                \
  X(kConsentMissing, "consent_missing", 422, "The record lacks a consent item of the campaign.",  \
    "In het record ontbreekt een toestemming van de campagne.")                                   \
  X(kParticipationConsentRequired, "participation_consent_required", 422,                         \
    "This consent is needed to take part.", "Deze toestemming is nodig om mee te doen.")          \
  X(kPhoneWithoutConsent, "phone_without_consent", 422,                                           \
    "A phone number may only be given with the telephone consent.",                               \
    "Een telefoonnummer mag alleen met toestemming voor telefoon worden gegeven.")                \
  X(kCapturedInFuture, "captured_in_future", 422,                                                 \
    "The capture time is in the future (check the device clock).",                                \
    "Het tijdstip ligt in de toekomst (controleer de klok).")                                     \
  X(kCapturedTooLongAgo, "captured_too_long_ago", 422,                                            \
    "The record is older than the campaign allows for offline capture "                           \
    "(policy.max_offline_age_hours).",                                                            \
    "Het record is ouder dan de campagne toestaat.")                                              \
  X(kTimestampInvalid, "timestamp_invalid", 400,                                                  \
    "A time must be RFC 3339 UTC with milliseconds (2026-01-31T12:00:00.000Z).",                  \
    "Een tijdstip moet RFC 3339 UTC met milliseconden zijn.")                                     \
  X(kFormInvalid, "form_invalid", 422, "One or more fields are not filled in correctly.",         \
    "Een of meer velden zijn niet goed ingevuld.")                                                \
  /* Ledger, proofs, checkpoints (R9, R10) */                                                     \
  X(kProofInvalid, "proof_invalid", 422,                                                          \
    "The Merkle proof or leaf hash does not lead to the signed root: the entry, its index or "    \
    "the proof was changed.",                                                                     \
    "Het Merkle-bewijs klopt niet.")                                                              \
  X(kProofMalformed, "proof_malformed", 400,                                                      \
    "The Merkle proof has the wrong length or a hash that is not 32 bytes.",                      \
    "Het Merkle-bewijs heeft een verkeerde vorm.")                                                \
  X(kIndexOutOfRange, "index_out_of_range", 400, "The index or tree size is out of range.",       \
    "De index of boomgrootte valt buiten het bereik.")                                            \
  X(kCheckpointMalformed, "checkpoint_malformed", 400,                                            \
    "The checkpoint is not a valid C2SP signed note.",                                            \
    "Het controlepunt is geen geldige ondertekende notitie.")                                     \
  X(kCheckpointSignatureInvalid, "checkpoint_signature_invalid", 422,                             \
    "The checkpoint carries no valid signature by the expected key.",                             \
    "Het controlepunt heeft geen geldige handtekening van de verwachte sleutel.")                 \
  X(kCheckpointOriginMismatch, "checkpoint_origin_mismatch", 422,                                 \
    "The checkpoint is for another log origin.", "Het controlepunt hoort bij een ander logboek.") \
  /* Server */                                                                                    \
  X(kUnauthorized, "unauthorized", 401,                                                           \
    "A valid bearer token is required: send Authorization: Bearer TOKEN (optin token create).",   \
    "Een geldig toegangstoken is nodig.")                                                         \
  X(kForbidden, "forbidden", 403, "The token's scope, or the page origin, does not allow this.",  \
    "Dit token geeft geen toegang tot deze handeling.")                                           \
  X(kNotFound, "not_found", 404, "Nothing exists at this address.", "Hier bestaat niets.")        \
  X(kMethodNotAllowed, "method_not_allowed", 405, "This method is not allowed here.",             \
    "Deze methode is hier niet toegestaan.")                                                      \
  X(kPayloadTooLarge, "payload_too_large", 413, "The request body is larger than allowed.",       \
    "Het verzoek is groter dan toegestaan.")                                                      \
  X(kBatchTooLarge, "batch_too_large", 413, "The batch holds more records than allowed.",         \
    "De reeks bevat meer records dan toegestaan.")                                                \
  X(kContentTypeUnsupported, "content_type_unsupported", 415,                                     \
    "The body must be application/json.", "Het verzoek moet application/json zijn.")              \
  X(kRequestInvalid, "request_invalid", 400,                                                      \
    "A query parameter or path part is missing or malformed.",                                    \
    "Een parameter in het verzoek ontbreekt of is ongeldig.")                                     \
  X(kRecordIdConflict, "record_id_conflict", 409,                                                 \
    "Another record with this id was already accepted.",                                          \
    "Er is al een ander record met dit id ontvangen.")                                            \
  X(kCampaignUnknown, "campaign_unknown", 422,                                                    \
    "The campaign is not published on this server: publish it first (POST /v1/campaigns).",       \
    "Deze campagne is niet bekend op deze server.")                                               \
  X(kCampaignVersionUnknown, "campaign_version_unknown", 422,                                     \
    "This version of the campaign is not published.",                                             \
    "Deze versie van de campagne is niet bekend.")                                                \
  X(kCampaignVersionExists, "campaign_version_exists", 409,                                       \
    "This campaign version was published with other content: raise campaign.version.",            \
    "Deze campagneversie is al met een andere inhoud gepubliceerd.")                              \
  X(kWithdrawalTokenInvalid, "withdrawal_token_invalid", 403,                                     \
    "This withdrawal token does not belong to this record: use the link or token from the "       \
    "receipt.",                                                                                   \
    "Deze intrekkingscode hoort niet bij deze toestemming: gebruik de link uit het bewijs.")      \
  X(kSubjectUnknown, "subject_unknown", 404,                                                      \
    "No consent record holds this phone number or e-mail address.",                               \
    "Er is geen toestemming met dit telefoonnummer of e-mailadres.")                              \
  /* Lead processing: customer list, call outcomes (R13, R18) */                                  \
  X(kCsvInvalid, "csv_invalid", 400,                                                              \
    "The CSV row is malformed (RFC 4180): a quote inside an unquoted field, text after a "        \
    "closing quote, a quoted field left open, or more fields than the header.",                   \
    "De CSV-regel is ongeldig (RFC 4180).")                                                       \
  X(kCsvHeaderInvalid, "csv_header_invalid", 400,                                                 \
    "The first CSV row must name the columns: customer_id and phone and/or email, separated by "  \
    "commas.",                                                                                    \
    "De eerste CSV-regel moet de kolommen noemen: customer_id en phone en/of email.")             \
  X(kCustomerIdInvalid, "customer_id_invalid", 422,                                               \
    "A customer id is required: 1 to 128 characters, no control characters.",                     \
    "Een klantnummer is verplicht: 1 tot 128 tekens, zonder stuurtekens.")                        \
  X(kCustomerContactMissing, "customer_contact_missing", 422,                                     \
    "A customer row needs a phone number or an e-mail address to match on.",                      \
    "Een klantregel heeft een telefoonnummer of e-mailadres nodig.")                              \
  X(kOutcomeUnknown, "outcome_unknown", 422,                                                      \
    "The outcome must be reached, not_reached, sale, no_interest, do_not_call or confirmed.",     \
    "De uitkomst moet reached, not_reached, sale, no_interest, do_not_call of confirmed zijn.")   \
  X(kLeadNotDelivered, "lead_not_delivered", 422,                                                 \
    "This record was not delivered to this call centre: post outcomes only for leads from its "   \
    "own feed.",                                                                                  \
    "Deze lead is niet aan dit callcenter geleverd.")                                             \
  /* Verification of the number before calling (issue 5) */                                       \
  X(kVerificationNotPending, "verification_not_pending", 404,                                     \
    "No verification by link or code is open for this record: its campaign does not ask for "     \
    "one, or the record id is wrong.",                                                            \
    "Voor deze aanmelding staat geen bevestiging open.")                                          \
  X(kVerificationCodeWrong, "verification_code_wrong", 422,                                       \
    "The code is not the one sent for this record; check the message and try again (a few "       \
    "attempts are allowed).",                                                                     \
    "De code klopt niet; controleer het bericht en probeer het opnieuw.")                         \
  X(kVerificationLinkInvalid, "verification_link_invalid", 403,                                   \
    "The confirmation link is not the one sent for this record: open the link from the message "  \
    "unchanged.",                                                                                 \
    "De bevestigingslink is niet geldig.")                                                        \
  X(kVerificationExpired, "verification_expired", 410,                                            \
    "The link or code has expired: the lead will not be called. Opt in again to be called.",      \
    "De link of code is verlopen: je wordt niet gebeld.")                                         \
  X(kVerificationAttemptsExceeded, "verification_attempts_exceeded", 429,                         \
    "Too many wrong codes for this record: the code no longer works; the link still does.",       \
    "Te vaak een verkeerde code ingevuld: de code werkt niet meer, de link nog wel.")             \
  /* Partners and traffic sources (R2, R20) */                                                    \
  X(kPartnerUnknown, "partner_unknown", 403,                                                      \
    "This partner is not registered on this server: an administrator registers it with its key "  \
    "and campaigns (POST /v1/partners, optin partner register).",                                 \
    "Deze partner is niet aangemeld op deze server.")                                             \
  X(kPartnerKeyMismatch, "partner_key_mismatch", 422,                                             \
    "The partner key differs from the key the campaign's signed manifest lists for this "         \
    "partner: register (and sign with) the key the advertiser put in the manifest.",              \
    "De sleutel van de partner verschilt van de sleutel in het campagnemanifest.")                \
  X(kPartnerCampaignNotAllowed, "partner_campaign_not_allowed", 403,                              \
    "This partner is not registered for this campaign: add the campaign to its registration "     \
    "(POST /v1/partners).",                                                                       \
    "Deze partner is niet aangemeld voor deze campagne.")                                         \
  X(kRelaySignatureInvalid, "relay_signature_invalid", 422,                                       \
    "The relay countersignature does not verify with the partner's key (the one registered and "  \
    "listed in the campaign's manifest; Ed25519 over "                                            \
    "\"optin-capture/relay/v1\\n\" || JCS(batch)).",                                              \
    "De medeondertekening van de partner klopt niet.")                                            \
  X(kRelayBatchMismatch, "relay_batch_mismatch", 422,                                             \
    "The countersigned batch must name the relaying partner and list the SHA-256 of every "       \
    "relayed record (hex of JCS(record)) in the order of the envelopes.",                         \
    "De ondertekende reeks komt niet overeen met de meegestuurde records.")                       \
  X(kSourceBlocked, "source_blocked", 403,                                                        \
    "Records from this traffic source are refused: the source or its partner is blocked (GET "    \
    "/v1/sources/blocks); only the advertiser can unblock it.",                                   \
    "Records van deze herkomst worden geweigerd: de bron of partner is geblokkeerd.")             \
  X(kWithdrawalReasonUnknown, "withdrawal_reason_unknown", 422,                                   \
    "The withdrawal reason must be complaint, not_interested or other.",                          \
    "De reden van intrekking moet complaint, not_interested of other zijn.")                      \
  X(kAdvertiserKeyUnknown, "advertiser_key_unknown", 422,                                         \
    "No advertiser key is configured for this campaign: add it to advertiser_keys in "            \
    "DATA/config.json and restart.",                                                              \
    "Voor deze campagne is geen adverteerderssleutel ingesteld.")                                 \
  X(kOverloaded, "overloaded", 503, "The server is busy; retry after the time in Retry-After.",   \
    "De server is bezet; probeer het later opnieuw.")                                             \
  /* Abuse limits (issue 9, docs/security.md) */                                                  \
  X(kRateLimited, "rate_limited", 429,                                                            \
    "Too many requests from this address or partner: wait the seconds in Retry-After, then send " \
    "fewer (batch envelopes into one POST).",                                                     \
    "Te veel verzoeken van dit adres of deze partner; wacht het aantal seconden in Retry-After.") \
  X(kAuthLockedOut, "auth_locked_out", 429,                                                       \
    "Too many unknown tokens were sent from this address: requests with a token are refused "     \
    "until the seconds in Retry-After have passed.",                                              \
    "Te veel onbekende tokens vanaf dit adres; probeer het na Retry-After opnieuw.")              \
  X(kTooManyConnections, "too_many_connections", 429,                                             \
    "This address has too many connections open: reuse one keep-alive connection.",               \
    "Dit adres heeft te veel verbindingen open.")                                                 \
  X(kHeadersTooLarge, "headers_too_large", 431,                                                   \
    "The request line and headers are larger than the server accepts (max_header_bytes).",        \
    "De kopregels van het verzoek zijn te groot.")                                                \
  X(kLengthRequired, "length_required", 411,                                                      \
    "A request with a body needs a Content-Length header (no chunked transfer encoding).",        \
    "Een verzoek met inhoud heeft een Content-Length nodig.")                                     \
  X(kRequestTimeout, "request_timeout", 408,                                                      \
    "The request did not arrive in time (header_timeout_ms, body_timeout_ms): send it at once.",  \
    "Het verzoek kwam niet op tijd binnen.")                                                      \
  X(kStorageUnavailable, "storage_unavailable", 503,                                              \
    "The storage could not be used (disk, permissions or schema version: see the message); "      \
    "retry later.",                                                                               \
    "De opslag is niet beschikbaar; probeer het later opnieuw.")                                  \
  X(kStorageFull, "storage_full", 503,                                                            \
    "The server's disk is full, so nothing new can be stored (nothing was lost); the operator "   \
    "must free space. Retry after the time in Retry-After.",                                      \
    "De schijf van de server is vol; er is niets verloren. Probeer het later opnieuw.")           \
  X(kStorageBusy, "storage_busy", 503,                                                            \
    "The database is locked by another process (a backup or a second server on the same "         \
    "files?); nothing was stored. Retry after the time in Retry-After.",                          \
    "De database is bezet door een ander proces; probeer het later opnieuw.")                     \
  X(kClockWentBack, "clock_went_back", 503,                                                       \
    "The server clock is behind the newest ledger entry (it was set back); the server takes no "  \
    "new entries until its clock is right again (fix NTP). Retry after the time in Retry-After.", \
    "De klok van de server loopt achter op het logboek; probeer het later opnieuw.")              \
  X(kInternal, "internal_error", 500, "An unexpected server error occurred.",                     \
    "Er ging onverwacht iets mis op de server.")

enum class ErrorCode : std::uint16_t {
#define CAPTURE_ERROR_ENUM(name, wire, status, en, nl) name,
  CAPTURE_ERROR_CODES(CAPTURE_ERROR_ENUM)
#undef CAPTURE_ERROR_ENUM
};

struct ErrorCodeInfo {
  ErrorCode code;
  std::string_view wire;  // the stable string on the wire and in docs
  int http_status;
  std::string_view message_en;
  std::string_view message_nl;
};

// Every code, in table order (for docs and tests).
[[nodiscard]] const ErrorCodeInfo* AllErrorCodes(std::size_t* count);
[[nodiscard]] const ErrorCodeInfo& Info(ErrorCode code);
[[nodiscard]] std::string_view WireName(ErrorCode code);
// Looks a wire name up; false if unknown.
[[nodiscard]] bool ErrorCodeFromWire(std::string_view wire, ErrorCode* out);

}  // namespace capture
