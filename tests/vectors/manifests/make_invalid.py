#!/usr/bin/env python3
"""Writes invalid/*.json: the example campaign with exactly one thing broken, and the error code
the core must refuse it with. Each file: {"description", "expect", "manifest"}. Run once after
changing example-campaign.json; the outputs are checked in and read by tests/unit/manifest_test.cc."""
import copy, json, os

here = os.path.dirname(os.path.abspath(__file__))
base = json.load(open(os.path.join(here, "example-campaign.json"), encoding="utf-8"))


def field(m, name):
    return next(f for f in m["fields"] if f["name"] == name)


def consent(m, cid):
    return next(c for c in m["consents"] if c["id"] == cid)


CASES = {}


def case(name, expect, description):
    def register(mutate):
        CASES[name] = (expect, description, mutate)
        return mutate
    return register


@case("field-without-purpose", "manifest_field_without_purpose", "a field has no purpose member")
def _(m): del field(m, "postcode")["purpose"]


@case("field-empty-purpose", "manifest_field_without_purpose", "a field's purpose is empty")
def _(m): field(m, "email")["purpose"] = ""


@case("extra-question-without-purpose", "manifest_field_without_purpose",
      "the extra question has no purpose")
def _(m): del m["extra_question"]["purpose"]


@case("newsletter-required", "manifest_marketing_consent_required",
      "the e-mail newsletter consent is required for participation")
def _(m): consent(m, "newsletter")["required_for_participation"] = True


@case("telephone-required", "manifest_marketing_consent_required",
      "the telephone consent is required for participation")
def _(m): consent(m, "telephone")["required_for_participation"] = True


@case("phone-not-gated", "manifest_phone_not_gated", "the phone field has no gated_by")
def _(m): del field(m, "phone")["gated_by"]


@case("phone-gated-by-email-consent", "manifest_phone_not_gated",
      "the phone field is gated by the e-mail consent")
def _(m): field(m, "phone")["gated_by"] = "newsletter"


@case("phone-required", "manifest_phone_not_gated", "the phone field is required")
def _(m): field(m, "phone")["required"] = True


@case("terms-missing", "manifest_terms_url_missing", "no terms at all")
def _(m): del m["terms"]


@case("terms-url-missing", "manifest_terms_url_missing", "terms without url")
def _(m): del m["terms"]["url"]


@case("terms-http", "manifest_terms_url_missing", "terms URL is http, not https")
def _(m): m["terms"]["url"] = "http://www.fietsplezier.nl/actie/e-bike-2026/voorwaarden"


@case("privacy-url-missing", "manifest_privacy_url_missing", "privacy without url")
def _(m): del m["privacy"]["url"]


@case("privacy-url-empty", "manifest_privacy_url_missing", "privacy url is empty")
def _(m): m["privacy"]["url"] = ""


@case("duplicate-field-name", "manifest_duplicate_name", "two fields named email")
def _(m): field(m, "family_name")["name"] = "email"


@case("duplicate-consent-id", "manifest_duplicate_name", "two consents with id telephone")
def _(m): consent(m, "newsletter")["id"] = "telephone"


@case("extra-question-name-clash", "manifest_duplicate_name",
      "the extra question has a field's name")
def _(m): m["extra_question"]["name"] = "postcode"


@case("duplicate-partner", "manifest_duplicate_name", "the same partner twice")
def _(m): m["partners"].append(copy.deepcopy(m["partners"][0]))


@case("telephone-without-caller", "manifest_telephone_consent_incomplete",
      "the telephone consent does not name the caller")
def _(m): del consent(m, "telephone")["caller"]


@case("telephone-without-subject", "manifest_telephone_consent_incomplete",
      "the telephone consent does not say what the call is about")
def _(m): del consent(m, "telephone")["subject"]


@case("consent-checked-member", "json_unknown_member",
      "a consent tries to say it is ticked by default ('checked'); the schema has no such member")
def _(m): consent(m, "telephone")["checked"] = True


@case("consent-default-member", "json_unknown_member",
      "a consent tries to carry a 'default' value")
def _(m): consent(m, "newsletter")["default"] = True


@case("unknown-top-member", "json_unknown_member", "an unknown top-level member")
def _(m): m["tracking_pixel"] = "https://tracker.example/p.gif"


@case("gated-by-unknown-consent", "manifest_invalid", "gated_by names a consent that is not there")
def _(m): field(m, "phone")["gated_by"] = "phone_call"


@case("unknown-field-type", "field_type_unknown", "a field of a type the core does not know")
def _(m): field(m, "postcode")["type"] = "iban"


@case("advertiser-key-invalid", "key_invalid", "the advertiser key is not 32 bytes")
def _(m): m["advertiser"]["key"] = "AAAA"


@case("caller-on-email-consent", "manifest_invalid", "caller belongs to a telephone consent")
def _(m): consent(m, "newsletter")["caller"] = "Fietsplezier B.V."


@case("origin-not-https", "manifest_invalid", "an origin is plain http")
def _(m): m["origins"][1] = "http://www.winactieplein.nl"


@case("version-zero", "manifest_invalid", "campaign version must be at least 1")
def _(m): m["campaign"]["version"] = 0


@case("timezone-other", "manifest_invalid", "only Europe/Amsterdam is supported")
def _(m): m["policy"]["timezone"] = "Europe/London"


@case("options-on-email", "manifest_invalid", "options belong to a choice field")
def _(m): field(m, "email")["options"] = ["a", "b"]


@case("consent-text-empty", "manifest_invalid", "a consent without text")
def _(m): consent(m, "newsletter")["text"] = ""


@case("version-string", "json_wrong_type", "campaign version is a string")
def _(m): m["campaign"]["version"] = "1"


def main():
    out_dir = os.path.join(here, "invalid")
    os.makedirs(out_dir, exist_ok=True)
    for name, (expect, description, mutate) in CASES.items():
        m = copy.deepcopy(base)
        mutate(m)
        with open(os.path.join(out_dir, name + ".json"), "w", encoding="utf-8") as f:
            json.dump({"description": description, "expect": expect, "manifest": m}, f,
                      ensure_ascii=False, indent=2)
            f.write("\n")
    print(len(CASES), "invalid manifests written")


if __name__ == "__main__":
    main()
