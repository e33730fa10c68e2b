"""Frequent Persian names with their common Latin spellings (written from common knowledge).

Each line: ``Persian spelling | canonical Latin, variant, ... | kind`` where kind is ``g``
(given name), ``f`` (family name) or ``a`` (affix). The first Latin form is the one
:func:`undercount.normalize.transliterate` prints. Only spellings that the phonetic rules of
``names.py`` cannot bring together need to be listed, but listing more does no harm: a
variant whose rule key already equals the Persian key adds nothing.
"""

from __future__ import annotations

NAMES = """
محمد | Mohammad, Mohammed, Muhammad, Mohamad, Mohamed, Muhammed, Mohammadh, Muhamad, Mamad | g
علی | Ali, Aly | g
حسین | Hossein, Hosein, Hussein, Husein, Hussain, Husain, Hosain, Hossain, Hoseyn, Hosseyn, Husayn, Hossien | g
حسن | Hassan, Hasan, Hassn | g
رضا | Reza, Rida, Ridha, Rezza | g
مهدی | Mehdi, Mahdi, Mehdy, Mahdy | g
امیر | Amir, Ameer, Emir | g
احمد | Ahmad, Ahmed | g
محمود | Mahmoud, Mahmood, Mahmud, Mahmod | g
مصطفی | Mostafa, Mustafa, Mostapha, Moustafa, Mustapha, Mostefa | g
مرتضی | Morteza, Murtaza, Mortaza, Murtada, Morteza | g
مجتبی | Mojtaba, Mujtaba, Mojteba | g
سعید | Saeed, Saeid, Said, Saied, Sa'id, Saiid | g
جواد | Javad, Jawad, Djavad | g
حمید | Hamid, Hameed | g
رسول | Rasoul, Rasool, Rasul | g
سجاد | Sajjad, Sajad | g
امید | Omid, Ommid, Umid | g
یوسف | Yousef, Yusuf, Yousof, Yusef, Yosef, Youssef, Yousuf, Yousif | g
ابراهیم | Ebrahim, Ibrahim, Ebraheem, Ibraheem, Ibrahem, Ebrahem | g
اسماعیل | Esmaeil, Esmail, Ismail, Esmaiel, Esmaeel, Ismaeil, Ismael | g
عباس | Abbas, Abas | g
کاظم | Kazem, Kazim, Kadhim | g
جعفر | Jafar, Ja'far, Jaafar, Jaffar, Jafer | g
صادق | Sadegh, Sadeq, Sadiq, Sadek, Sadeg | g
باقر | Bagher, Baqer, Baqir, Bagheer | g
محسن | Mohsen, Muhsin, Mohsin, Mohssen | g
نوید | Navid, Naveed | g
پویا | Pouya, Pooya, Puya, Poya | g
آرش | Arash | g
بهنام | Behnam, Bahnam | g
نیما | Nima, Neema | g
داوود | Davood, Davoud, Davud, Dawood, Daoud, Dawud, Daud, Dawoud | g
یعقوب | Yaghoub, Yaqub, Yaghoob, Yaqoob, Yacoub, Yaqoub, Yaghub | g
اکبر | Akbar | g
اصغر | Asghar, Asqar | g
غلام | Gholam, Qolam, Golam, Gulam, Ghulam | g
غلامرضا | Gholamreza, Qolamreza, Ghulamreza, Gholamriza | g
عبدالله | Abdollah, Abdullah, Abdolah, Abdulla, Abdallah, Abdolla | g
روح‌الله | Rouhollah, Ruhollah, Rohollah, Ruhullah, Rohalah | g
سیاوش | Siavash, Siyavash, Siavosh, Siavush | g
کوروش | Kourosh, Kurosh, Koorosh, Kuroush | g
هادی | Hadi, Hady | g
وحید | Vahid, Wahid, Vaheed | g
مسعود | Masoud, Masood, Masud, Mas'ud, Massoud | g
منصور | Mansour, Mansur, Mansoor | g
ناصر | Naser, Nasser, Nasir | g
یاسر | Yaser, Yasser, Yasir | g
حامد | Hamed | g
حمزه | Hamzeh, Hamza, Hamzah, Hamze | g
موسی | Mousa, Musa, Moosa, Mosa, Moussa | g
عیسی | Isa, Eisa, Issa, Eesa | g
یحیی | Yahya, Yahia, Yehya | g
کریم | Karim, Kareem | g
رحیم | Rahim, Raheem | g
حیدر | Heydar, Haidar, Heidar, Haydar | g
ابوالفضل | Abolfazl, Abulfazl, Abolfazel, Abulfadl, Abolfaz | g
ابوالقاسم | Abolghasem, Abolqasem, Abulqasim, Abulghasem | g
عبدالرضا | Abdolreza, Abdulreza, Abdulrida | g
ابوذر | Abouzar, Abuzar, Abozar, Abuzar | g
ایرج | Iraj, Eraj | g
کیان | Kian, Kiyan | g
پژمان | Pejman, Pezhman | g
مهرداد | Mehrdad | g
شهرام | Shahram | g
فرهاد | Farhad | g
بهروز | Behrouz, Behrooz, Behruz | g
پرویز | Parviz, Parvez, Parwiz | g
خلیل | Khalil, Khaleel | g
شاهین | Shahin, Shaheen | g
پیمان | Peyman, Payman, Peiman | g
نعمت‌الله | Nematollah, Nematolah, Ne'matollah, Nematullah | g
فتح‌الله | Fathollah, Fatollah, Fatholah | g
اسدالله | Asadollah, Asadullah, Asadolah | g
فاطمه | Fatemeh, Fatima, Fatemah, Fateme, Fatimah, Fatemé, Fatema | g
زهرا | Zahra, Zahrah, Zehra, Zahraa | g
زینب | Zeinab, Zaynab, Zainab, Zeynab, Zinab | g
مریم | Maryam, Mariam, Maryum, Mariyam | g
معصومه | Masoumeh, Masumeh, Masoome, Masuma, Ma'soumeh, Masoumah, Masoomeh | g
سمیه | Somayeh, Somaye, Sumayya, Somayyeh, Somayah, Sumayeh, Somayye | g
رقیه | Roghayeh, Roqayeh, Roqaya, Ruqayya, Roghieh, Roqiyeh, Roghaye | g
طاهره | Tahereh, Tahere, Tahira, Taherah | g
نرگس | Narges, Nargis | g
لیلا | Leila, Layla, Leyla, Laila, Leyla | g
نیلوفر | Niloufar, Niloofar, Nilufar, Nilofar | g
شیرین | Shirin, Shireen | g
خدیجه | Khadijeh, Khadija, Khadijah, Khadije, Khadeejeh | g
کبری | Kobra, Kubra, Kobraa | g
صغری | Soghra, Sughra, Soqra, Soghraa | g
اعظم | Azam, A'zam, Aazam | g
منیژه | Manijeh, Manizheh, Manije | g
ژیلا | Zhila, Jila | g
ژینا | Zhina, Jina | g
مرضیه | Marzieh, Marziyeh, Marzia, Marziye | g
راضیه | Razieh, Raziyeh, Raziya, Raziye | g
صدیقه | Sedigheh, Sediqeh, Sadiqa, Sedighe, Sediqa | g
عاطفه | Atefeh, Atefe, Atifa, Atefah | g
فرشته | Fereshteh, Fereshte, Freshteh | g
طیبه | Tayebeh, Tayyebeh, Tayeba, Tayebe, Tayyiba | g
پروین | Parvin, Parveen, Parwin | g
هانیه | Haniyeh, Hanieh, Haniye, Hania | g
زهره | Zohreh, Zohre, Zuhreh | g
سمانه | Samaneh, Samane, Samana | g
نسرین | Nasrin, Nasreen | g
آمنه | Ameneh, Amene | g
امین | Amin, Ameen | g
شبنم | Shabnam | g
سپهر | Sepehr | g
خسرو | Khosrow, Khosro, Khosrou | g
ستاره | Setareh, Setare | g
کیانوش | Kianoush, Kianoosh, Kiyanoush | g
مجیدرضا | Majidreza, Majid-Reza | g
شاهرخ | Shahrokh | g
بابک | Babak | g
حدیث | Hadis, Hadith | g
پرستو | Parastoo, Parastou, Parasto | g
گلاره | Gelareh, Gelare | g
نیکا | Nika | g
سارینا | Sarina | g
محمدعلی | Mohammadali, Mohammad-Ali | g
محمدحسین | Mohammadhossein, Mohammad-Hossein | g
امیرحسین | Amirhossein, Amir-Hossein | g
منصوره | Mansoureh, Mansoure, Mansura | g
حمیده | Hamideh, Hamide, Hamida | g
سکینه | Sakineh, Sakine, Sakina | g
حسینی | Hosseini, Hosseiny, Husseini, Hosaini, Hoseini, Husaini, Hossaini, Husseiny | f
رضایی | Rezaei, Rezaee, Rezayi, Rezai, Rezaie, Rezaii, Reza'i, Rezaey | f
محمدی | Mohammadi, Mohamadi, Muhammadi, Mohammady, Mohamedi | f
احمدی | Ahmadi, Ahmady, Ahmedi | f
موسوی | Mousavi, Musavi, Moosavi, Mosavi, Mousawi, Musawi | f
جعفری | Jafari, Jaafari, Ja'fari, Jafary | f
قاسمی | Ghasemi, Qasemi, Ghassemi, Qasimi | f
صادقی | Sadeghi, Sadeqi, Sadiqi | f
نوری | Nouri, Noori, Nuri | f
هاشمی | Hashemi, Hashimi | f
یوسفی | Yousefi, Yusefi, Yousofi, Yusufi | f
میرزایی | Mirzaei, Mirzaee, Mirzayi, Mirzai | f
زارعی | Zarei, Zare'i, Zaree, Zareie, Zarei | f
قربانی | Ghorbani, Qorbani, Ghurbani | f
سلیمانی | Soleimani, Soleymani, Sulaimani, Solaimani, Suleimani | f
ابراهیمی | Ebrahimi, Ibrahimi | f
اسماعیلی | Esmaeili, Esmaili, Ismaili, Esmaeeli | f
محمودی | Mahmoudi, Mahmoodi, Mahmudi | f
داوودی | Davoodi, Davoudi, Davudi, Dawoodi | f
نوروزی | Norouzi, Nowruzi, Nourouzi, Noruzi, Nowrouzi | f
عبداللهی | Abdollahi, Abdolahi, Abdullahi | f
روحانی | Rouhani, Rohani, Ruhani | f
خامنه‌ای | Khamenei, Khamenehi, Khamene'i | f
کاظمی | Kazemi, Kazimi, Kadhimi | f
مرادی | Moradi, Muradi | f
رستمی | Rostami, Rustami | f
کردی | Kordi, Kurdi | f
رویا | Roya, Rouya, Roya | g
سوگند | Sogand, Soogand, Sougand | g
کرد | Kord, Kurd | f
سلیمان | Soleiman, Suleiman, Sulaiman, Soliman, Sulayman, Solaiman, Soleyman | g
رمضان | Ramezan, Ramazan, Ramadan, Ramadhan | g
جمعه | Jomeh, Jomah, Jumah, Juma, Jumaa, Jomaa | g
عوض | Avaz, Awad, Awadh | g
ماهر | Maher | g
اسامه | Osameh, Usama, Usamah | g
جمیل | Jamil, Jameel | g
رائد | Raed, Rayed, Ra'ed | g
طارق | Tareq, Tariq, Tarek, Tarik, Tareg | g
علاء | Alaa, Ala'a, Alaaa | g
نضال | Nezal, Nidal, Nedal, Nidhal | g
بلال | Belal, Bilal | g
توفیق | Tofigh, Tofiq, Tawfiq, Tawfik, Toufik, Tofik | g
سلامه | Salameh | g
عثمان | Osman, Othman, Uthman, Usman | g
فضل | Fazl, Fadl, Fadhl | g
حسام | Hesam, Hossam, Husam, Hosam | g
درویش | Darvish, Darwish, Darwesh | f
مسلم | Moslem, Muslim, Moslim | g
زهیر | Zoheir, Zuhair, Zuhayr, Zohair | g
خضر | Khezr, Khidr, Khedr, Khodr | g
ایمان | Iman, Imaan | g
اسلام | Eslam, Islam | g
مازن | Mazen, Mazin | g
معین | Moein, Muin, Moin, Moeen, Mu'in | g
حجازی | Hejazi, Hijazi | f
رضوان | Rezvan, Radwan, Ridwan, Rizwan | g
سهیل | Soheil, Suhail, Suheil, Sohail, Suhayl | g
رزق | Rezgh, Rizq, Rizk | g
عبدالحمید | Abdolhamid, Abdulhamid, Abdelhamid, Abdul-Hamid | g
عبدالرحمن | Abdolrahman, Abdulrahman, Abdelrahman, Abdurrahman, Abdalrahman, Abdorrahman | g
نوفل | Nofal, Nawfal, Nofel | f
یونس | Younes, Yunus, Younis, Yunes | g
مصلح | Mosleh, Musleh | g
مهند | Mohannad, Muhannad | g
باسل | Basel, Basil | g
ریاض | Riaz, Riyadh, Riadh | g
وسام | Vesam, Wissam, Wisam, Wesam | g
هیثم | Heysam, Haitham, Haytham | g
مؤمن | Momen, Mumin, Mu'min | g
عونی | Owni, Awni, Auni | g
صالح | Saleh, Salih | g
خلیفه | Khalifeh, Khalifa, Khalifah | f
زاده | zadeh, zade, zada | a
پور | pour, poor, pur, por | a
نژاد | nejad, nezhad, nejhad, nejaad | a
"""
