# Hand-written name lists for the blind set (independent of any other corpus).
FIRST = """
Minh Linh Thanh Huong Tuan Quang Lan Phuong Duc Hanh Bao Khanh Trang Nhung Thao Vinh Hieu Ngoc Dung Hoa
Adaeze Chinedu Oluwaseun Ngozi Emeka Folake Babatunde Chiamaka Obinna Yetunde Ifeoma Tunde Aminu Zainab Kelechi Funmilayo Uchenna Bisi Chidi Nnamdi
Agnieszka Krzysztof Małgorzata Wojciech Katarzyna Grzegorz Zofia Tomasz Jadwiga Piotr Ewa Łukasz Bożena Marek Halina Andrzej Dorota Mirosław Beata Kazimierz
Priya Arjun Lakshmi Rohan Deepika Venkatesh Ananya Sanjay Kavitha Rahul Meenakshi Aditya Sunita Harpreet Gurpreet Sai Divya Ramesh Pooja Vikram Nandini Karthik Shreya Anil
Mohammed Fatima Omar Layla Yousef Aisha Khalid Noura Hassan Mariam Tariq Rania Ibrahim Salma Hamza Yasmin Faisal Huda Ziad Amira
Ji-woo Min-jun Seo-yeon Hyun-woo Eun-ji Jae-hyun Soo-jin Dong-hyun Hye-jin Sung-min Ji-hoon Yuna Minseo Taeyang
João Thiago Gabriela Rafael Luana Felipe Camila Bruno Larissa Rodrigo Fernanda Leandro Beatriz Caio Juliana Vinícius Tatiana Gustavo
Siobhan Aoife Niamh Ciarán Padraig Saoirse Eoin Róisín Cormac Orla Declan Sinéad Fionn Gráinne Oisín Deirdre Ronan Maeve
Guadalupe Alejandro Ximena Jesús Marisol Rogelio Itzel Ernesto Yesenia Joaquín Araceli Efraín Lupita Socorro Fernando Maribel Rubén Dolores
Maricel Jericho Rowena Rodel Jovelyn Arnel Marites Bong Lorna Ramil Cherry Nenita Romeo Jinky Danilo Analyn
Wei Xiaoming Mei Jing Hao Yan Lei Xin Zhiwei Qing Jun Ying
Haruto Yui Kenji Aiko Takeshi Sakura Hiroshi Emi Daisuke Naoko
Olena Dmytro Svetlana Igor Natasha Oleksandr Yulia Sergei
Abebe Tigist Hodan Abdirahman Wanjiru Kamau Amani Baraka
Emre Elif Mehmet Ayşe Dariush Shirin Parisa Reza
Mildred Earl Gladys Clarence Bernice Wendell Loretta Harold Agnes Delbert Opal Eugene Myrtle Virgil Irma Lorraine
Thandiwe Sipho Nomvula Kwame Akosua Kofi Ama Yaw Tevita Sione Losaline Astrid Henrik Sigrid Giulia Matteo Chiara Nikos Eleni Zsófia
Hope Will Rose Guy Joy Grace Faith Mark Bill Sunny May June Dawn Summer Frank Art Drew Penny Ivy Lily Precious Blessing Destiny Patience Chance Sterling Hazel Jade Ruby Crystal Wade Miles
""".split()

LAST = """
Nguyen Tran Le Pham Hoang Huynh Vo Dang Bui Do Ngo Duong Ly Trinh Vu Phan Truong Dinh Lam Mai
Okafor Adeyemi Okonkwo Balogun Eze Nwosu Adebayo Ogunleye Chukwu Abubakar Oyelaran Nwachukwu Olawale Ibekwe Afolabi Onyeka Danjuma Akinola Uzoma Bello
Kowalski Wiśniewska Wójcik Kowalczyk Kamiński Lewandowska Zieliński Szymańska Woźniak Dąbrowski Kozłowski Jankowska Mazur Krawczyk Piotrowski Grabowska Nowakowski Pawlak Michalski Zając
Sharma Iyer Patel Reddy Krishnamurthy Gupta Banerjee Nair Chatterjee Venkataraman Deshpande Kulkarni Singh Sandhu Mehta Rao Menon Pillai Bhattacharya Agarwal Joshi Subramanian
Al-Sayed Haddad Khoury Mansour Al-Farsi Nasser Abdullah Hamdan Saleh El-Amin Qureshi Darwish Haddadin Bakr Shalabi Aziz
Kim Park Choi Jung Kang Yoon Jang Lim Han Shin Seo Kwon Hwang Ahn Song Yoo
Silva Santos Oliveira Souza Pereira Carvalho Ferreira Rodrigues Almeida Nascimento Lima Araújo Ribeiro Gonçalves Barbosa Cavalcanti Moreira Teixeira
O'Sullivan Murphy McCarthy Byrne Fitzgerald Kavanagh Doherty O'Brien Gallagher Brennan Donnelly MacNamara Quinlan Flanagan Mulcahy Ó_Ceallaigh Ní_Bhriain
Hernández García Martínez López Ramírez Gutiérrez Castañeda Villalobos Cervantes Zamora Mendoza Orozco Salazar Delgado Espinoza Quintero Ibarra Montoya De_la_Cruz Navarro
Dela_Cruz Reyes Bautista Macaraeg Villanueva Mercado Dimaculangan Pangilinan Magbanua Lacson Aquino Soriano Tolentino Manalo Sarmiento
Wang Zhang Liu Chen Yang Huang Zhao Wu Zhou Xu Sun Zhu Ma Guo Lin
Tanaka Suzuki Takahashi Watanabe Yamamoto Nakamura Kobayashi Sato Fujimoto Ishikawa
Kovalenko Shevchenko Ivanova Petrov Bondarenko Melnyk Sokolov Tkachenko
Tesfaye Bekele Haile Warsame Mohamud Kiplagat Mwangi Otieno Njoroge Wanjala
Yılmaz Demir Öztürk Kaya Hosseini Tehrani Rahimi Karimi
Baker Stone Wood Fox Rivers Bell Knight Price Young Little Short Long Moody Love Day Banks Cash Street Ward Hill
Mensah Asante Boateng Owusu Dlamini Nkosi Mokoena Fifita Tupou Kristiansen Halvorsen Lombardi Romano Conti Georgiou Nikolaidis Sánchez Chávez Fuentes Szabó Novák Horváth Cruz-Ortega Ó_Súilleabháin Al-Rashid
Abernathy Pruitt Gilchrist Thibodeaux Boudreaux Kowalchuk Lindqvist Johansson Van_der_Berg Rossi Esposito Bianchi Papadopoulos
""".replace("_", "\u00a0").split()
LAST = [n.replace("\u00a0", " ") for n in LAST]

# Names that double as ordinary English words; used both as names and as plain words.
WORDY_FIRST = ["Hope", "Will", "Rose", "Guy", "Joy", "Grace", "Faith", "Mark", "Bill", "Sunny",
               "May", "June", "Dawn", "Summer", "Frank", "Art", "Drew", "Penny", "Ivy", "Patience",
               "Chance", "Miles", "Crystal", "Destiny"]
WORDY_LAST = ["Price", "Banks", "Cash", "Young", "Little", "Short", "Long", "Love", "Day", "Stone",
              "Street", "Bell", "Hill", "Wood", "Fox"]

# Word (non-name) uses, lowercase speech style; a list of sentences containing the words.
WORD_USES = [
    "i hope so", "i really hope this gets sorted today", "will do", "i will call back later",
    "prices rose again this month", "the guy at the branch told me to call", "no joy with the app",
    "is there a grace period on that", "have faith it'll go through", "can you mark it as resolved",
    "my bill went up", "it's sunny here at least", "may i ask why", "the june statement looked fine",
    "i get up at dawn", "we were away all summer", "to be frank it's annoying", "it's an art supply store",
    "i drew out cash at the atm", "not a penny more", "the ivy league thing no that's my son",
    "thank you for your patience", "any chance you can waive it", "we drove miles to the branch",
    "crystal clear thanks", "the price was wrong", "the banks were closed", "i paid cash",
    "i'm not young anymore", "just a little bit", "i'm short this month", "long day", "i'd love that",
    "have a nice day", "it's on a busy street", "ring the bell", "over the hill", "knock on wood",
    "she's as sly as a fox", "bill me later", "i'll mark my calendar", "such a joy to talk to",
]
