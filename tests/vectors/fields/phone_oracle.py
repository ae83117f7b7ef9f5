#!/usr/bin/python3
"""Runs every number of phone_nl_oracle.txt through python3-phonenumbers (Google's libphonenumber
metadata) and prints one tab-separated row per number:

    input  valid_for_nl  e164  type  region

valid_for_nl is "true" if phonenumbers considers the number a valid Dutch number, e164 its E.164
form ("-" if it cannot be parsed), type the PhoneNumberType name, region the region it belongs to.
Short numbers (112, 14020) are judged with phonenumbers.shortnumberinfo, type SHORT_NUMBER.

Regenerate the checked-in expectation with:
    /usr/bin/python3 tests/vectors/fields/phone_oracle.py > tests/vectors/fields/phone_nl_oracle.expected.tsv
"""
import os
import sys

import phonenumbers
from phonenumbers import PhoneNumberType, shortnumberinfo

TYPE_NAMES = {value: name for name, value in vars(PhoneNumberType).items()
              if not name.startswith('_') and isinstance(value, int)}


def describe(text):
    try:
        number = phonenumbers.parse(text, 'NL')
    except phonenumbers.NumberParseException:
        return ['false', '-', 'UNPARSEABLE', '-']
    e164 = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    region = phonenumbers.region_code_for_number(number) or '-'
    if phonenumbers.is_valid_number_for_region(number, 'NL'):
        return ['true', e164, TYPE_NAMES[phonenumbers.number_type(number)], region]
    digits = ''.join(c for c in text if c.isdigit())
    if text.strip()[0].isdigit() and not digits.startswith('0') and \
            shortnumberinfo.is_valid_short_number_for_region(number, 'NL'):
        return ['true', '+31' + digits, 'SHORT_NUMBER', 'NL']
    return ['false', e164, TYPE_NAMES[phonenumbers.number_type(number)], region]


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    with open(os.path.join(here, 'phone_nl_oracle.txt'), encoding='utf-8') as numbers:
        for line in numbers:
            text = line.rstrip('\n')
            if not text or text.startswith('#'):
                continue
            sys.stdout.write('\t'.join([text] + describe(text)) + '\n')


if __name__ == '__main__':
    main()
