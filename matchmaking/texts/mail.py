"""The e-mails (subjects, bodies, the unsubscribe page), the notifications page and the
console's e-mail section, in English, French and Arabic."""

TEXTS: dict[str, dict[str, str]] = {
    # --- parts every e-mail has ---
    "mail.greeting": {"en": "Hello {name},", "fr": "Bonjour {name},", "ar": "مرحبًا {name}،"},
    "mail.greeting.nameless": {"en": "Hello,", "fr": "Bonjour,", "ar": "مرحبًا،"},
    "mail.open": {"en": "Open the app", "fr": "Ouvrir l'application", "ar": "افتح التطبيق"},
    "mail.when": {"en": "When", "fr": "Quand", "ar": "الموعد"},
    "mail.where": {"en": "Where", "fr": "Où", "ar": "المكان"},
    "mail.with": {"en": "With", "fr": "Avec", "ar": "مع"},
    "mail.note": {"en": "Their note", "fr": "Son message", "ar": "رسالته"},
    "mail.table": {"en": "Table {table}", "fr": "Table {table}", "ar": "الطاولة {table}"},
    "mail.footer": {"en": "Sent by the matchmaking service of {event}.",
                    "fr": "Envoyé par le service de rendez-vous de {event}.",
                    "ar": "أُرسلت من خدمة تنظيم اللقاءات في {event}."},
    "mail.unsubscribe": {"en": "Stop these notification e-mails: {link}",
                         "fr": "Ne plus recevoir ces e-mails de notification : {link}",
                         "ar": "إيقاف رسائل الإشعارات هذه: {link}"},
    "mail.essential": {
        "en": "Invitations and changes to your confirmed meetings are always sent.",
        "fr": "Les invitations et les changements de vos rendez-vous confirmés sont toujours "
              "envoyés.",
        "ar": "تُرسل دائمًا الدعوات والتغييرات على لقاءاتك المؤكدة."},
    "mail.ics": {"en": "The attached calendar file adds or updates the meeting in your calendar.",
                 "fr": "Le fichier de calendrier joint ajoute ou met à jour le rendez-vous dans "
                       "votre agenda.",
                 "ar": "ملف التقويم المرفق يضيف اللقاء إلى تقويمك أو يحدّثه."},
    # --- the invitation ---
    "mail.invitation.subject": {"en": "Your personal link to {event}",
                                "fr": "Votre lien personnel pour {event}",
                                "ar": "رابطك الشخصي إلى {event}"},
    "mail.invitation.body": {
        "en": "Here is your personal link to {event}: your recommendations, meeting requests "
              "and agenda. Keep it to yourself: it signs you in.",
        "fr": "Voici votre lien personnel pour {event} : vos recommandations, vos demandes de "
              "rendez-vous et votre agenda. Gardez-le pour vous : il vous connecte.",
        "ar": "إليك رابطك الشخصي إلى {event}: توصياتك وطلبات اللقاء وجدول مواعيدك. احتفظ به "
              "لنفسك، فهو يُدخلك إلى حسابك."},
    "mail.invitation.qr": {"en": "Or scan this QR code with your phone:",
                           "fr": "Ou scannez ce code QR avec votre téléphone :",
                           "ar": "أو امسح رمز QR هذا بهاتفك:"},
    # --- requests ---
    "mail.request_new.subject": {"en": "{other} would like to meet you",
                                 "fr": "{other} souhaite vous rencontrer",
                                 "ar": "{other} يرغب في لقائك"},
    "mail.request_new.body": {"en": "{other} asks for a meeting with you. Accept or decline it "
                                    "on your requests page.",
                              "fr": "{other} vous demande un rendez-vous. Acceptez-le ou "
                                    "déclinez-le sur votre page de demandes.",
                              "ar": "{other} يطلب لقاءً معك. اقبله أو ارفضه من صفحة الطلبات."},
    "mail.request_accepted.subject": {"en": "{other} accepted your meeting request",
                                      "fr": "{other} a accepté votre demande de rendez-vous",
                                      "ar": "{other} قبل طلب اللقاء"},
    "mail.request_accepted.body": {"en": "Your meeting with {other} is booked.",
                                   "fr": "Votre rendez-vous avec {other} est réservé.",
                                   "ar": "تم حجز لقائك مع {other}."},
    "mail.request_declined.subject": {"en": "{other} declined your meeting request",
                                      "fr": "{other} a décliné votre demande de rendez-vous",
                                      "ar": "{other} رفض طلب اللقاء"},
    "mail.request_declined.body": {
        "en": "{other} cannot meet you this time. Other good fits are waiting in your "
              "recommendations.",
        "fr": "{other} ne peut pas vous rencontrer cette fois. D'autres bons profils vous "
              "attendent dans vos recommandations.",
        "ar": "لا يستطيع {other} لقاءك هذه المرة. تنتظرك خيارات مناسبة أخرى في توصياتك."},
    # --- meetings ---
    "mail.meeting_booked.subject": {"en": "Meeting booked with {other}",
                                    "fr": "Rendez-vous réservé avec {other}",
                                    "ar": "تم حجز لقاء مع {other}"},
    "mail.meeting_booked.body": {"en": "A meeting with {other} is booked for you.",
                                 "fr": "Un rendez-vous avec {other} est réservé pour vous.",
                                 "ar": "تم حجز لقاء لك مع {other}."},
    "mail.meeting_proposed.subject": {"en": "Suggested meeting with {other}",
                                      "fr": "Rendez-vous suggéré avec {other}",
                                      "ar": "لقاء مقترح مع {other}"},
    "mail.meeting_proposed.body": {
        "en": "The organisers suggest a meeting with {other}. Accept or decline it on your "
              "requests page.",
        "fr": "Les organisateurs vous suggèrent un rendez-vous avec {other}. Acceptez-le ou "
              "déclinez-le sur votre page de demandes.",
        "ar": "يقترح المنظمون لقاءً مع {other}. اقبله أو ارفضه من صفحة الطلبات."},
    "mail.time_proposed.subject": {"en": "{other} proposes another time for your meeting",
                                   "fr": "{other} propose un autre horaire pour votre rendez-vous",
                                   "ar": "{other} يقترح موعدًا آخر للقائكما"},
    "mail.time_proposed.body": {
        "en": "{other} proposes to move your meeting to {when}. Nothing moves until you accept "
              "it on your agenda.",
        "fr": "{other} propose de déplacer votre rendez-vous au {when}. Rien ne change tant que "
              "vous ne l'acceptez pas dans votre agenda.",
        "ar": "يقترح {other} نقل لقائكما إلى {when}. لن يتغير شيء قبل أن توافق من جدول "
              "مواعيدك."},
    "mail.meeting_moved.subject": {"en": "Meeting with {other} moved to {when}",
                                   "fr": "Rendez-vous avec {other} déplacé au {when}",
                                   "ar": "نُقل اللقاء مع {other} إلى {when}"},
    "mail.meeting_moved.body": {"en": "Your meeting with {other} has a new time.",
                                "fr": "Votre rendez-vous avec {other} a un nouvel horaire.",
                                "ar": "للقائك مع {other} موعد جديد."},
    "mail.meeting_cancelled.subject": {"en": "Meeting with {other} cancelled",
                                       "fr": "Rendez-vous avec {other} annulé",
                                       "ar": "أُلغي اللقاء مع {other}"},
    "mail.meeting_cancelled.body": {"en": "Your meeting with {other} on {when} will not take "
                                          "place.",
                                    "fr": "Votre rendez-vous avec {other} le {when} n'aura pas "
                                          "lieu.",
                                    "ar": "لن يُعقد لقاؤك مع {other} في {when}."},
    "mail.reminder.subject": {"en": "In {minutes} min: {other}, table {table}",
                              "fr": "Dans {minutes} min : {other}, table {table}",
                              "ar": "بعد {minutes} دقيقة: {other}، الطاولة {table}"},
    "mail.reminder.body": {"en": "Your meeting with {other} begins at {time}.",
                           "fr": "Votre rendez-vous avec {other} commence à {time}.",
                           "ar": "يبدأ لقاؤك مع {other} على الساعة {time}."},
    "mail.agenda.subject": {"en": "Your meetings today, {day}",
                            "fr": "Vos rendez-vous d'aujourd'hui, {day}",
                            "ar": "لقاءاتك اليوم، {day}"},
    "mail.agenda.body": {"en": "Your {count} meeting(s) today:",
                         "fr": "Vos {count} rendez-vous d'aujourd'hui :",
                         "ar": "لقاءاتك اليوم ({count}):"},
    "mail.test.subject": {"en": "Test message from {event}", "fr": "Message de test de {event}",
                          "ar": "رسالة تجريبية من {event}"},
    "mail.test.body": {"en": "The e-mail settings work: this message went through {server}.",
                       "fr": "Les réglages d'e-mail fonctionnent : ce message est passé par "
                             "{server}.",
                       "ar": "إعدادات البريد تعمل: مرت هذه الرسالة عبر {server}."},
    # --- the unsubscribe page (a route, outside the app) ---
    "mail.unsub.title": {"en": "Notification e-mails", "fr": "E-mails de notification",
                         "ar": "رسائل الإشعارات"},
    "mail.unsub.confirm": {"en": "Stop the notification e-mails to {email}?",
                           "fr": "Ne plus envoyer d'e-mails de notification à {email} ?",
                           "ar": "إيقاف رسائل الإشعارات إلى {email}؟"},
    "mail.unsub.button": {"en": "Stop them", "fr": "Ne plus les recevoir", "ar": "أوقفها"},
    "mail.unsub.done": {"en": "Done: no more notification e-mails to {email}. You can turn "
                              "them on again on the app's Notifications page.",
                        "fr": "C'est fait : plus d'e-mails de notification à {email}. Vous "
                              "pouvez les réactiver sur la page Notifications de l'application.",
                        "ar": "تم: لن تصل رسائل الإشعارات إلى {email}. يمكنك إعادة تفعيلها من "
                              "صفحة الإشعارات في التطبيق."},
    "mail.unsub.unknown": {"en": "This link is not valid (any more).",
                           "fr": "Ce lien n'est pas (ou plus) valide.",
                           "ar": "هذا الرابط غير صالح (أو لم يعد صالحًا)."},
    # --- the notifications page ---
    "p.nav.notifications": {"en": "Notifications", "fr": "Notifications", "ar": "الإشعارات"},
    "o.nav.mail": {"en": "E-mail", "fr": "E-mail", "ar": "البريد الإلكتروني"},
    "n.title": {"en": "Notifications", "fr": "Notifications", "ar": "الإشعارات"},
    "n.unread": {"en": "{count} unread notification(s)", "fr": "{count} notification(s) non lue(s)",
                 "ar": "إشعارات غير مقروءة: {count}"},
    "n.none": {"en": "Nothing yet: requests, answers, changes and reminders appear here.",
               "fr": "Rien pour l'instant : demandes, réponses, changements et rappels "
                     "apparaissent ici.",
               "ar": "لا شيء بعد: تظهر هنا الطلبات والردود والتغييرات والتذكيرات."},
    "n.mark_all": {"en": "Mark all as read", "fr": "Tout marquer comme lu",
                   "ar": "تعليم الكل كمقروء"},
    "n.mark_read": {"en": "Mark as read", "fr": "Marquer comme lu", "ar": "تعليم كمقروء"},
    "n.new": {"en": "new", "fr": "nouveau", "ar": "جديد"},
    "n.go": {"en": "Open", "fr": "Ouvrir", "ar": "فتح"},
    "n.email": {"en": "E-mail me about requests, answers, reminders and my day's agenda",
                "fr": "M'envoyer un e-mail pour les demandes, les réponses, les rappels et "
                      "l'agenda du jour",
                "ar": "راسلني بخصوص الطلبات والردود والتذكيرات وجدول يومي"},
    "n.email_help": {"en": "Invitations and changes to confirmed meetings are always e-mailed.",
                     "fr": "Les invitations et les changements de rendez-vous confirmés sont "
                           "toujours envoyés par e-mail.",
                     "ar": "تُرسل دائمًا بالبريد الدعوات والتغييرات على اللقاءات المؤكدة."},
    "n.email_saved": {"en": "Saved.", "fr": "Enregistré.", "ar": "تم الحفظ."},
    # --- the console's e-mail section ---
    "setting.reminder_minutes": {"en": "Reminder e-mail before each meeting (minutes, 0: none)",
                                 "fr": "Rappel par e-mail avant chaque rendez-vous (minutes, "
                                       "0 : aucun)",
                                 "ar": "تذكير بالبريد قبل كل لقاء (بالدقائق، 0: بدون)"},
    "setting.reminder_minutes.help": {
        "en": "Sent to both sides of each confirmed meeting; not sent if it moved or was "
              "cancelled meanwhile.",
        "fr": "Envoyé aux deux côtés de chaque rendez-vous confirmé ; pas envoyé s'il a été "
              "déplacé ou annulé entre-temps.",
        "ar": "يُرسل إلى طرفي كل لقاء مؤكد، ولا يُرسل إذا نُقل اللقاء أو أُلغي."},
    "mail.console.title": {"en": "E-mail", "fr": "E-mail", "ar": "البريد الإلكتروني"},
    "mail.console.intro": {
        "en": "Invitations, requests, answers, changes, reminders and each morning's agenda "
              "go out through this mail server, from an outbox that keeps them while the "
              "network is down.",
        "fr": "Invitations, demandes, réponses, changements, rappels et l'agenda de chaque "
              "matin partent par ce serveur de messagerie, depuis une file d'envoi qui les "
              "garde pendant les coupures du réseau.",
        "ar": "تُرسل الدعوات والطلبات والردود والتغييرات والتذكيرات وجدول كل صباح عبر خادم "
              "البريد هذا، من صندوق صادر يحتفظ بها أثناء انقطاع الشبكة."},
    "mail.console.url": {"en": "Mail server (SMTP URL)", "fr": "Serveur de messagerie (URL SMTP)",
                         "ar": "خادم البريد (عنوان SMTP)"},
    "mail.console.url_help": {
        "en": "smtp://user:password@host:587 (STARTTLS), smtps://user:password@host:465, or "
              "smtp://host:25 for a local relay. Leave the password out to keep the saved one.",
        "fr": "smtp://utilisateur:motdepasse@hote:587 (STARTTLS), "
              "smtps://utilisateur:motdepasse@hote:465, ou smtp://hote:25 pour un relais "
              "local. Sans mot de passe, celui enregistré est gardé.",
        "ar": "smtp://user:password@host:587 (STARTTLS) أو smtps://user:password@host:465 أو "
              "smtp://host:25 لمرحّل محلي. اترك كلمة المرور فارغة للإبقاء على المحفوظة."},
    "mail.console.from": {"en": "Sender address", "fr": "Adresse d'expéditeur",
                          "ar": "عنوان المرسل"},
    "mail.console.base_url": {"en": "The app's address in links",
                              "fr": "Adresse de l'application dans les liens",
                              "ar": "عنوان التطبيق في الروابط"},
    "mail.console.save": {"en": "Save the e-mail settings", "fr": "Enregistrer les réglages "
                          "d'e-mail", "ar": "حفظ إعدادات البريد"},
    "mail.console.saved": {"en": "E-mail settings saved.", "fr": "Réglages d'e-mail enregistrés.",
                           "ar": "تم حفظ إعدادات البريد."},
    "mail.console.from_env": {
        "en": "The mail server comes from MATCHMAKING_SMTP_URL ({url}): it takes precedence "
              "over what is saved here.",
        "fr": "Le serveur de messagerie vient de MATCHMAKING_SMTP_URL ({url}) : il prime sur "
              "ce qui est enregistré ici.",
        "ar": "خادم البريد مأخوذ من MATCHMAKING_SMTP_URL ({url}) وله الأولوية على ما يُحفظ هنا."},
    "mail.console.current": {"en": "In use: {url}", "fr": "En service : {url}",
                             "ar": "المستخدم حاليًا: {url}"},
    "mail.console.test_to": {"en": "Send a test message to", "fr": "Envoyer un message de test à",
                             "ar": "إرسال رسالة تجريبية إلى"},
    "mail.console.test": {"en": "Send a test message", "fr": "Envoyer un message de test",
                          "ar": "إرسال رسالة تجريبية"},
    "mail.console.test_sent": {"en": "Test message sent to {address}.",
                               "fr": "Message de test envoyé à {address}.",
                               "ar": "أُرسلت الرسالة التجريبية إلى {address}."},
    "mail.console.outbox": {"en": "Outbox: {queued} waiting, {sent} sent, {failed} failed, "
                                  "{skipped} skipped",
                            "fr": "File d'envoi : {queued} en attente, {sent} envoyés, "
                                  "{failed} en échec, {skipped} non envoyés",
                            "ar": "الصندوق الصادر: {queued} في الانتظار، {sent} أُرسلت، "
                                  "{failed} فشلت، {skipped} لم تُرسل"},
    "mail.console.invite": {"en": "E-mail every participant their personal link",
                            "fr": "Envoyer à chaque participant son lien personnel",
                            "ar": "إرسال الرابط الشخصي لكل مشارك بالبريد"},
    "mail.console.invited": {"en": "{count} invitation(s) queued.",
                             "fr": "{count} invitation(s) en file d'envoi.",
                             "ar": "{count} دعوة في الصندوق الصادر."},
    # --- what is wrong with the mail server's settings ---
    "mail.error.no_url": {"en": "no mail server is set: set MATCHMAKING_SMTP_URL or the "
                                "console's E-mail section",
                          "fr": "aucun serveur de messagerie : définissez MATCHMAKING_SMTP_URL "
                                "ou la section E-mail de la console",
                          "ar": "لم يُحدَّد خادم بريد: عيّن MATCHMAKING_SMTP_URL أو قسم البريد "
                                "في لوحة التحكم"},
    "mail.error.url": {"en": "mail server URL {url}: {problem}",
                       "fr": "URL du serveur de messagerie {url} : {problem}",
                       "ar": "عنوان خادم البريد {url}: {problem}"},
    "mail.error.from": {"en": "sender address {address!r}: {problem}",
                        "fr": "adresse d'expéditeur {address!r} : {problem}",
                        "ar": "عنوان المرسل {address!r}: {problem}"},
    "mail.error.auth": {"en": "the mail server {server} refused the user name or password "
                              "({detail})",
                        "fr": "le serveur de messagerie {server} a refusé l'identifiant ou le "
                              "mot de passe ({detail})",
                        "ar": "رفض خادم البريد {server} اسم المستخدم أو كلمة المرور ({detail})"},
    "mail.error.connect": {"en": "cannot reach the mail server {server}: {detail}",
                           "fr": "impossible de joindre le serveur de messagerie {server} : "
                                 "{detail}",
                           "ar": "تعذر الوصول إلى خادم البريد {server}: {detail}"},
    "mail.error.refused": {"en": "the mail server {server} refused the message: {detail}",
                           "fr": "le serveur de messagerie {server} a refusé le message : "
                                 "{detail}",
                           "ar": "رفض خادم البريد {server} الرسالة: {detail}"},
}
