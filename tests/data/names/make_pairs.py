"""Write name_pairs.csv: true variants and hard negatives of Persian names (see README.md).

Every name and spelling below was written by the undercount contributors from common
knowledge of Persian names and of the usual ways they are romanised; nothing is copied from a
list of real people. Run ``python tests/data/names/make_pairs.py`` to regenerate (seeded).
"""

from __future__ import annotations

import csv
import random
from pathlib import Path

GIVEN = """
محمد: Mohammad, Mohammed, Muhammad, Mohamad, Mohamed
علی: Ali
حسین: Hossein, Hosein, Hussein, Hossain, Hoseyn
علیرضا: Alireza, Ali-Reza, Ali Reza
محمدرضا: Mohammadreza, Mohammad-Reza, Mohammad Reza, Mohamadreza, Muhammad Reza
امیرحسین: Amirhossein, Amir-Hossein, Amir Hossein, Amirhosein
فاطمه: Fatemeh, Fatima, Fateme, Fatemah
زهرا: Zahra, Zahraa
مهسا: Mahsa
نیکا: Nika
سارینا: Sarina
حدیث: Hadis
کیان: Kian, Kiyan
جواد: Javad, Jawad
مجید: Majid, Majeed
محسن: Mohsen, Mohsin
مهدی: Mehdi, Mahdi
سعید: Saeed, Saeid, Said
رضا: Reza
امید: Omid
پویا: Pouya, Pooya, Puya
آرمان: Arman
مریم: Maryam, Mariam
نرگس: Narges
سمیه: Somayeh, Somaye, Sumayya
ابوالفضل: Abolfazl, Abol-Fazl, Abulfazl
یوسف: Yousef, Yusuf, Yousof
اسماعیل: Esmaeil, Esmail, Ismail
غلامرضا: Gholamreza, Gholam-Reza, Qolamreza
یاسر: Yaser, Yasser
میلاد: Milad
سیاوش: Siavash, Siyavash
حمیدرضا: Hamidreza, Hamid-Reza, Hamid Reza
مهران: Mehran
شیرین: Shirin, Shireen
نسرین: Nasrin, Nasreen
ژینا: Zhina, Jina
آیدا: Aida, Ayda
کوروش: Kourosh, Kurosh, Koorosh
بهنام: Behnam
داوود: Davood, Davoud, Davud, Dawood
خدیجه: Khadijeh, Khadije, Khadija
رقیه: Roghayeh, Roqayeh, Roghieh
اکبر: Akbar
اصغر: Asghar, Asqar
قاسم: Ghasem, Qasem, Ghassem
صادق: Sadegh, Sadeq
باقر: Bagher, Baqer
یعقوب: Yaghoub, Yaqub, Yaghoob
خلیل: Khalil
ستار: Sattar, Satar
حمید: Hamid
نوید: Navid, Naveed
آرش: Arash
مهرداد: Mehrdad
فرزاد: Farzad
شهرام: Shahram
جمشید: Jamshid, Jamsheed
بهروز: Behrouz, Behrooz, Behruz
نگین: Negin
غزاله: Ghazaleh, Ghazale, Qazaleh
الهه: Elaheh, Elahe
هستی: Hasti
مصطفی: Mostafa, Mustafa
مرتضی: Morteza, Murtaza
ابراهیم: Ebrahim, Ibrahim
پژمان: Pejman, Pezhman
نیلوفر: Niloufar, Niloofar, Nilufar
سپیده: Sepideh, Sepide
عبدالله: Abdollah, Abdullah
روح‌الله: Rouhollah, Ruhollah
شاهین: Shahin, Shaheen
آزاده: Azadeh, Azade
"""

FAMILY = """
رضایی: Rezaei, Rezaee, Rezayi, Rezai, Rezaie
حسینی: Hosseini, Hoseini, Husseini, Hosseiny
محمدی: Mohammadi, Mohamadi, Muhammadi
احمدی: Ahmadi, Ahmady
موسوی: Mousavi, Musavi, Moosavi
کریمی: Karimi, Karimy
کاظمی: Kazemi, Kazimi
حسن‌زاده: Hassanzadeh, Hasanzadeh, Hassan-Zadeh, Hassan Zadeh
حسین‌زاده: Hosseinzadeh, Hoseinzadeh, Hossein-Zadeh, Hossein Zadeh
علیزاده: Alizadeh, Ali-Zadeh, Alizade
پورمحمدی: Pourmohammadi, Pour-Mohammadi, Poor Mohammadi, Purmohammadi
علی‌پور: Alipour, Alipoor, Ali-Pour, Alipur
قربانی: Ghorbani, Qorbani
امینی: Amini, Aminy
اسماعیلی: Esmaeili, Esmaili, Ismaili
نوروزی: Norouzi, Nowruzi, Noruzi
جعفری: Jafari, Jaafari, Ja'fari
قاسمی: Ghasemi, Qasemi, Ghassemi
صادقی: Sadeghi, Sadeqi
نوری: Nouri, Noori, Nuri
یوسفی: Yousefi, Yusefi
میرزایی: Mirzaei, Mirzaee, Mirzayi
زارعی: Zarei, Zaree, Zare'i
خسروی: Khosravi, Khosrawi
سلیمانی: Soleimani, Soleymani, Solaimani
روحانی: Rouhani, Rohani, Ruhani
احمدی‌نژاد: Ahmadinejad, Ahmadi-Nejad, Ahmadinezhad
شکوهی: Shokouhi, Shokoohi, Shokuhi
طاهری: Taheri
رحیمی: Rahimi, Raheemi
بهرامی: Bahrami
رستمی: Rostami, Rustami
کرمی: Karami
حسنی: Hassani, Hasani
رضوانی: Rezvani, Rezwani
فرهادی: Farhadi
مرادی: Moradi, Muradi
ملکی: Maleki
عباسی: Abbasi, Abasi
شریفی: Sharifi, Sharifee
غفاری: Ghaffari, Ghafari, Qaffari
بختیاری: Bakhtiari, Bakhtiyari
کردی: Kordi, Kurdi
صالحی: Salehi
نظری: Nazari
شجاعی: Shojaei, Shojaee, Shojaie
منصوری: Mansouri, Mansoori, Mansuri
اسدی: Asadi
زمانی: Zamani
کیانی: Kiani, Kiyani
افشار: Afshar
ابراهیمی: Ebrahimi, Ibrahimi
عزیزی: Azizi
نجفی: Najafi
باقری: Bagheri, Baqeri
جلالی: Jalali
شاهرخی: Shahrokhi
یزدان‌پناه: Yazdanpanah, Yazdan-Panah
دادخواه: Dadkhah
پیرانی: Pirani
میرحسینی: Mirhosseini, Mir-Hosseini
"""

# Different names that look or sound alike (one line: a | b).
NEGATIVE_WORDS = """
حسینی | Hassani
Hosseini | Hassani
Hosseini | Hasani
Rezaei | Rezvani
رضایی | Rezvani
Hossein | Hosseini
حسین | حسینی
Ahmad | Ahmadi
احمد | Ahmadi
Karimi | Kazemi
Karimi | Karami
کریمی | Karami
Zahra | Zohreh
زهرا | Zohreh
Mahmoud | Mohammad
محمود | Mohammad
Hamid | Hamed
حمید | Hamed
Mohammadi | Mahmoudi
Ali | Alireza
Reza | Rezaei
رضا | رضایی
Hassan | Hossein
حسن | حسین
Hasani | Hosseini
Mohsen | Mohsenin
Javad | Javadi
Saeed | Saeedi
Saeed | Sadegh
Mehdi | Mahdavi
Mehdi | Mehdizadeh
Amir | Amiri
Amini | Amiri
Amini | Emami
Kazemi | Kazemian
Ghasemi | Ghasemian
Moradi | Morad
Rostami | Rastegar
Hashemi | Hashem
Hassanzadeh | Hosseinzadeh
حسن‌زاده | Hosseinzadeh
Alizadeh | Alipour
Mohammadi | Mohammadpour
Mohammadi | Pourmohammadi
Ahmadinejad | Ahmadi
Nouri | Nasiri
Nouri | Nour
Jafari | Jafarzadeh
Jafari | Jafar
Taheri | Tahereh
Fatemeh | Fatemi
Fatemi | Fahimi
Maryam | Marjan
Narges | Nargesi
Somayeh | Sima
Zeinab | Zeynali
Sara | Sareh
سارا | Sareh
Mina | Minoo
Mina | Mitra
Leila | Leili
Parisa | Parastoo
Nasrin | Nasim
Shirin | Shiva
Mahsa | Mahshid
Mahsa | Mahnaz
Zhina | Zhila
Hasti | Hesam
Kian | Kianoush
Pouya | Pouyan
Arash | Arsham
Arman | Armin
Omid | Omidi
Milad | Mehrdad
Navid | Vahid
Hamed | Ahmad
Majid | Hamid
Mojtaba | Mostafa
Morteza | Mostafa
Asghar | Akbar
Mansour | Mansouri
Soleimani | Salmani
Salehi | Saleh
Ghorbani | Ghobadi
Khosravi | Khosrowshahi
Rahimi | Rahmani
Rahimi | Rahim
Bahrami | Bahram
Abbasi | Abbas
Asadi | Asadollahi
Zamani | Zamanian
Kiani | Kian
Najafi | Najaf
Bagheri | Bagher
Sharifi | Sharif
Shojaei | Shoja
Yousefi | Yousef
Mirzaei | Mirza
Zarei | Zare
Ebrahimi | Ebrahim
Esmaeili | Esmaeil
Mousavi | Mousa
Kordi | Kord
Sadeghi | Sadegh
Ghasemi | Ghasem
Heidari | Heydar
Jalali | Jalal
Jalali | Jalili
Kazemi | Kazem
Rezvani | Rezvan
Hassani | Hassan
Hosseini | Hossein
Alipour | Ali
Afshar | Afshari
Farhadi | Farhad
Azizi | Aziz
Maleki | Malek
Hamid | Hamideh
حمید | Hamideh
Mansour | Mansoureh
Saeed | Saeedeh
Majid | Majideh
Farid | Farideh
Razieh | Rezaei
راضیه | Rezaei
Javad | Javadi
Kaveh | Kavoosi
"""

HONORIFICS = [("سید", "Seyed"), ("سید", "Sayyed"), ("حاج", "Haj"), ("سیده", "Seyedeh")]


def _parse(block: str) -> list[tuple[str, list[str]]]:
    out = []
    for line in block.strip().splitlines():
        fa, lat = line.split(":", 1)
        out.append((fa.strip(), [v.strip() for v in lat.split(",")]))
    return out


def _arabic_letters(text: str) -> str:
    return text.replace("ی", "ي").replace("ک", "ك")


def main() -> None:
    rng = random.Random(20261124)
    given, family = _parse(GIVEN), _parse(FAMILY)
    rows: list[tuple[str, str, str, str]] = []
    seen: set[tuple[str, str]] = set()

    def add(a: str, b: str, label: str, kind: str) -> None:
        if a != b and (a, b) not in seen and (b, a) not in seen:
            seen.add((a, b))
            rows.append((a, b, label, kind))

    # Persian script vs Latin: full names.
    while sum(1 for r in rows if r[3] == "fa-latin") < 220:
        g, f = rng.choice(given), rng.choice(family)
        add(f"{g[0]} {f[0]}", f"{rng.choice(g[1])} {rng.choice(f[1])}", "variant", "fa-latin")
    # Latin vs Latin: two spellings of the same full name.
    tries = 0
    while sum(1 for r in rows if r[3] == "latin-latin") < 150 and tries < 10000:
        tries += 1
        g, f = rng.choice(given), rng.choice(family)
        if len(g[1]) + len(f[1]) < 3:
            continue
        a = f"{rng.choice(g[1])} {rng.choice(f[1])}"
        b = f"{rng.choice(g[1])} {rng.choice(f[1])}"
        add(a, b, "variant", "latin-latin")
    # Persian vs Persian: Arabic letters, spacing of affixes, honorifics, diacritics.
    for _ in range(60):
        g, f = rng.choice(given), rng.choice(family)
        a = f"{g[0]} {f[0]}"
        choice = rng.randrange(4)
        if choice == 0:
            b = _arabic_letters(a)
        elif choice == 1:
            b = a.replace("\u200c", " ") if "\u200c" in a else a.replace(" ", "  ")
        elif choice == 2:
            b = f"{rng.choice(HONORIFICS)[0]} {a}"
        else:
            b = a.replace("محمد", "مُحَمَّد").replace("علی", "عَلی") + "\u200c"
        add(a, b, "variant", "fa-fa")
    # Honorific on the Latin side only.
    for _ in range(30):
        g, f = rng.choice(given), rng.choice(family)
        add(
            f"{g[0]} {f[0]}",
            f"{rng.choice(HONORIFICS)[1]} {rng.choice(g[1])} {rng.choice(f[1])}",
            "variant",
            "fa-latin",
        )
    # Hard negatives: confusable words, alone and inside full names.
    for line in NEGATIVE_WORDS.strip().splitlines():
        a, b = (x.strip() for x in line.split("|"))
        add(a, b, "negative", "word")
    neg_words = [
        tuple(x.strip() for x in line.split("|")) for line in NEGATIVE_WORDS.strip().splitlines()
    ]
    for a, b in neg_words:
        g = rng.choice(given)
        name = rng.choice(g[1])
        if rng.random() < 0.5:
            add(f"{name} {a}", f"{name} {b}", "negative", "full-name")
        else:
            fam = rng.choice(family)
            fam_name = rng.choice(fam[1])
            add(f"{a} {fam_name}", f"{b} {fam_name}", "negative", "full-name")
    path = Path(__file__).with_name("name_pairs.csv")
    with path.open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["name_a", "name_b", "label", "kind"])
        w.writerows(rows)
    n_var = sum(1 for r in rows if r[2] == "variant")
    print(f"wrote {path}: {len(rows)} pairs ({n_var} variants, {len(rows) - n_var} negatives)")


if __name__ == "__main__":
    main()
