"""Texts of the participant pages (recommendations, requests, agenda, feedback, profile,
availability). Keys start with ``p.``."""

TEXTS: dict[str, dict[str, str]] = {
    # navigation
    "p.nav.recommendations": {"en": "Recommendations", "fr": "Recommandations", "ar": "التوصيات"},
    "p.nav.requests": {"en": "Requests", "fr": "Demandes", "ar": "الطلبات"},
    "p.nav.agenda": {"en": "My agenda", "fr": "Mon agenda", "ar": "أجندتي"},
    "p.nav.feedback": {"en": "Feedback", "fr": "Retours", "ar": "التقييمات"},
    "p.nav.profile": {"en": "My profile", "fr": "Mon profil", "ar": "ملفي التعريفي"},
    "p.nav.availability": {"en": "Availability", "fr": "Disponibilités", "ar": "أوقات التوفر"},
    "p.times_in": {"en": "All times are local to the event ({tz}).",
                   "fr": "Toutes les heures sont celles de l'événement ({tz}).",
                   "ar": "جميع الأوقات بالتوقيت المحلي للحدث ({tz})."},


    # recommendations
    "p.rec.title": {"en": "Who to meet", "fr": "Qui rencontrer", "ar": "من تلتقي"},
    "p.rec.intro": {"en": "Ranked by how well you fit each other, both ways, with the reasons. "
                          "Mark who you must meet: the organisers' scheduler uses your marks.",
                    "fr": "Classés selon votre intérêt mutuel, dans les deux sens, avec les "
                          "raisons. Indiquez qui vous devez rencontrer : le planificateur des "
                          "organisateurs en tient compte.",
                    "ar": "مرتبة حسب مدى التوافق بينكم في الاتجاهين، مع الأسباب. حدّد من يجب أن "
                          "تلتقي بهم: يأخذ مخطط المنظمين اختياراتك بعين الاعتبار."},
    "p.rec.not_scored": {"en": "Your profile has not been scored yet: the organisers update the "
                               "matching after each import. Come back in a moment.",
                         "fr": "Votre profil n'a pas encore été évalué : les organisateurs "
                               "mettent à jour la mise en relation après chaque import. "
                               "Revenez dans un instant.",
                         "ar": "لم يتم تقييم ملفك التعريفي بعد: يحدّث المنظمون المطابقة بعد كل "
                               "استيراد. عد بعد قليل."},
    "p.rec.search": {"en": "Search", "fr": "Rechercher", "ar": "بحث"},
    "p.rec.search_hint": {"en": "name, city, words of a profile, sector",
                          "fr": "nom, ville, mots d'un profil, secteur",
                          "ar": "الاسم، المدينة، كلمات من الملف التعريفي، القطاع"},
    "p.rec.show": {"en": "Show", "fr": "Afficher", "ar": "عرض"},
    "p.rec.show.recommended": {"en": "Recommended", "fr": "Recommandés", "ar": "الموصى بهم"},
    "p.rec.show.must_meet": {"en": "Must meet", "fr": "À rencontrer absolument",
                             "ar": "لقاء ضروري"},
    "p.rec.show.shortlist": {"en": "Shortlist", "fr": "Présélection", "ar": "القائمة المختصرة"},
    "p.rec.show.no_thanks": {"en": "Hidden (no thanks)", "fr": "Masqués (non merci)",
                             "ar": "المخفيون (لا، شكراً)"},
    "p.rec.any": {"en": "any", "fr": "tous", "ar": "الكل"},
    "p.rec.sector": {"en": "Sector or theme", "fr": "Secteur ou axe", "ar": "القطاع أو المحور"},
    "p.rec.stage": {"en": "Stage", "fr": "Stade", "ar": "المرحلة"},
    "p.rec.country": {"en": "Country", "fr": "Pays", "ar": "البلد"},
    "p.rec.language": {"en": "Language", "fr": "Langue", "ar": "اللغة"},
    "p.rec.count": {
        "en": {"one": "{count} of {total} possible counterparts matches",
               "other": "{count} of {total} possible counterparts match"},
        "fr": {"one": "{count} interlocuteur possible sur {total} correspond",
               "other": "{count} interlocuteurs possibles sur {total} correspondent"},
        "ar": {"zero": "لا أحد من أصل {total} محاوراً محتملاً يطابق",
               "one": "محاور واحد من أصل {total} محاوراً محتملاً يطابق",
               "two": "محاوران من أصل {total} محاوراً محتملاً يطابقان",
               "few": "{count} محاورين من أصل {total} محاوراً محتملاً يطابقون",
               "many": "{count} محاوراً من أصل {total} محاوراً محتملاً يطابقون",
               "other": "{count} محاور من أصل {total} محاوراً محتملاً يطابقون"}},
    "p.rec.none": {"en": "Nobody matches these filters.",
                   "fr": "Personne ne correspond à ces filtres.",
                   "ar": "لا أحد يطابق هذه المرشحات."},
    "p.rec.score_line": {"en": "fit {score:.2f} both ways · they fit what you look for "
                               "{you:.2f} · you fit what they look for {them:.2f}",
                         "fr": "adéquation {score:.2f} dans les deux sens · ils "
                               "correspondent à ce que vous cherchez {you:.2f} · vous "
                               "correspondez à ce qu'ils cherchent {them:.2f}",
                         "ar": "التوافق {score:.2f} في الاتجاهين · يوافقون ما تبحث عنه {you:.2f} "
                               "· توافق ما يبحثون عنه {them:.2f}"},
    "p.rec.details": {"en": "More reasons, and their profile",
                      "fr": "Autres raisons, et leur profil",
                      "ar": "أسباب أخرى، وملفهم التعريفي"},
    "p.rec.filters": {"en": "Search and filters", "fr": "Recherche et filtres",
                      "ar": "البحث والتصفية"},
    "p.rec.mark": {"en": "Your mark", "fr": "Votre marque", "ar": "علامتك"},
    "p.rec.mark.must_meet": {"en": "Must meet", "fr": "À rencontrer", "ar": "لقاء ضروري"},
    "p.rec.mark.shortlist": {"en": "Shortlist", "fr": "Présélection", "ar": "القائمة المختصرة"},
    "p.rec.mark.no_thanks": {"en": "No thanks", "fr": "Non merci", "ar": "لا، شكراً"},
    "p.rec.unmark": {"en": "Click again to remove the mark",
                     "fr": "Cliquez à nouveau pour retirer la marque",
                     "ar": "انقر مرة أخرى لإزالة العلامة"},
    "p.rec.marked.must_meet": {"en": "Marked as must meet.",
                               "fr": "Marqué « à rencontrer absolument ».",
                               "ar": "تم التحديد كلقاء ضروري."},
    "p.rec.marked.shortlist": {"en": "Added to your shortlist.",
                               "fr": "Ajouté à votre présélection.",
                               "ar": "أضيف إلى قائمتك المختصرة."},
    "p.rec.marked.no_thanks": {"en": "Hidden from your recommendations (find it under "
                                     "“Hidden”).",
                               "fr": "Masqué de vos recommandations (voir « Masqués »).",
                               "ar": "أخفي من توصياتك (تجده ضمن «المخفيون»)."},
    "p.rec.marked.none": {"en": "Mark removed.", "fr": "Marque retirée.", "ar": "أزيلت العلامة."},
    "p.rec.state.request_sent": {"en": "Request sent, waiting for their answer",
                                 "fr": "Demande envoyée, en attente de leur réponse",
                                 "ar": "أُرسل الطلب، في انتظار ردهم"},
    "p.rec.state.request_received": {"en": "They asked to meet you",
                                     "fr": "Ils demandent à vous rencontrer", "ar": "طلبوا لقاءك"},
    "p.rec.state.meeting_proposed": {"en": "Meeting suggested by the organisers",
                                     "fr": "Rendez-vous proposé par les organisateurs",
                                     "ar": "لقاء اقترحه المنظمون"},
    "p.rec.state.meeting_booked": {"en": "Meeting booked", "fr": "Rendez-vous pris",
                                   "ar": "اللقاء محجوز"},
    "p.rec.state.full": {"en": "Fully booked: no more requests", "fr": "Complet : plus de "
                                                                     "demandes possibles",
                         "ar": "الجدول ممتلئ: لا مزيد من الطلبات"},
    "p.rec.answer": {"en": "Answer their request", "fr": "Répondre à leur demande",
                     "ar": "الرد على طلبهم"},
    "p.rec.not_taking": {"en": "Not taking requests at the moment.",
                         "fr": "N'accepte pas de demandes pour le moment.",
                         "ar": "لا يستقبل طلبات حالياً."},
    "p.rec.below_minimum": {"en": "Takes requests from a fit of {minimum:.2f} or more.",
                            "fr": "Accepte les demandes à partir d'une adéquation de "
                                  "{minimum:.2f}.",
                            "ar": "يستقبل الطلبات ابتداءً من درجة توافق {minimum:.2f} فما فوق."},
    "p.rec.request": {"en": "Request a meeting", "fr": "Demander un rendez-vous", "ar": "طلب لقاء"},
    "p.rec.note": {"en": "A note for them (optional)", "fr": "Un mot pour eux (facultatif)",
                   "ar": "ملاحظة لهم (اختيارية)"},
    "p.rec.note_hint": {"en": "What you would like to discuss",
                        "fr": "Ce dont vous aimeriez parler", "ar": "ما تود مناقشته"},
    "p.rec.send": {"en": "Send the request", "fr": "Envoyer la demande", "ar": "إرسال الطلب"},
    "p.rec.more": {
        "en": {"one": "Show {count} more",
               "other": "Show {count} more"},
        "fr": {"one": "Afficher {count} de plus",
               "other": "Afficher {count} de plus"},
        "ar": {"one": "عرض واحد إضافي",
               "two": "عرض اثنين إضافيين",
               "few": "عرض {count} إضافيين",
               "many": "عرض {count} إضافياً",
               "other": "عرض {count} إضافي"}},

    # requests
    "p.req.title": {"en": "Meeting requests", "fr": "Demandes de rendez-vous",
                    "ar": "طلبات اللقاء"},
    "p.req.tab.received": {"en": "Received ({count})", "fr": "Reçues ({count})",
                           "ar": "الواردة ({count})"},
    "p.req.tab.sent": {"en": "Sent ({count})", "fr": "Envoyées ({count})",
                       "ar": "المرسلة ({count})"},
    "p.req.tab.suggested": {"en": "Suggested by the organisers ({count})",
                            "fr": "Proposés par les organisateurs ({count})",
                            "ar": "مقترحات المنظمين ({count})"},
    "p.req.tab.history": {"en": "Earlier ({count})", "fr": "Précédentes ({count})",
                          "ar": "السابقة ({count})"},
    "p.req.none_received": {"en": "No request is waiting for your answer.",
                            "fr": "Aucune demande n'attend votre réponse.",
                            "ar": "لا يوجد طلب في انتظار ردك."},
    "p.req.none_sent": {"en": "None of your requests is waiting for an answer.",
                        "fr": "Aucune de vos demandes n'attend de réponse.",
                        "ar": "لا يوجد أي من طلباتك في انتظار الرد."},
    "p.req.none_history": {"en": "Nothing yet.", "fr": "Rien pour l'instant.", "ar": "لا شيء بعد."},
    "p.req.received_at": {"en": "Received {when} · answer before {expires}",
                          "fr": "Reçue le {when} · à traiter avant le {expires}",
                          "ar": "ورد {when} · الرد قبل {expires}"},
    "p.req.waiting": {"en": "Waiting for their answer · expires {expires}",
                      "fr": "En attente de leur réponse · expire le {expires}",
                      "ar": "في انتظار ردهم · تنتهي صلاحيته {expires}"},
    "p.req.note": {"en": "Their note:", "fr": "Leur message :", "ar": "ملاحظتهم:"},
    "p.req.slot": {"en": "Time slot", "fr": "Créneau", "ar": "الفترة الزمنية"},
    "p.req.earliest": {"en": "The earliest free for both",
                       "fr": "Le plus tôt libre pour tous deux", "ar": "أقرب فترة متاحة للطرفين"},
    "p.req.accept": {"en": "Accept", "fr": "Accepter", "ar": "قبول"},
    "p.req.decline": {"en": "Decline", "fr": "Refuser", "ar": "رفض"},
    "p.req.reason": {"en": "Reason (optional)", "fr": "Motif (facultatif)",
                     "ar": "السبب (اختياري)"},
    "p.req.reason_hint": {"en": "e.g. outside our thesis", "fr": "ex. hors de notre thèse",
                          "ar": "مثلاً: خارج نطاق استراتيجيتنا الاستثمارية"},
    "p.req.withdraw": {"en": "Withdraw", "fr": "Retirer", "ar": "سحب"},
    "p.req.col.date": {"en": "date", "fr": "date", "ar": "التاريخ"},
    "p.req.col.direction": {"en": "direction", "fr": "sens", "ar": "الاتجاه"},
    "p.req.col.with": {"en": "with", "fr": "avec", "ar": "مع"},
    "p.req.col.status": {"en": "status", "fr": "état", "ar": "الحالة"},
    "p.req.col.reason": {"en": "reason", "fr": "motif", "ar": "السبب"},
    "p.req.dir.in": {"en": "received", "fr": "reçue", "ar": "وارد"},
    "p.req.dir.out": {"en": "sent", "fr": "envoyée", "ar": "مرسل"},
    "p.req.sent": {"en": "Request sent. You will find their answer under Requests.",
                   "fr": "Demande envoyée. Vous trouverez leur réponse dans Demandes.",
                   "ar": "أُرسل الطلب. ستجد ردهم ضمن الطلبات."},
    "p.req.already_sent": {"en": "You have already asked them: the request is waiting for "
                                 "their answer.",
                           "fr": "Vous le leur avez déjà demandé : la demande attend leur "
                                 "réponse.", "ar": "سبق أن طلبت لقاءهم: الطلب في انتظار ردهم."},
    "p.req.mutual": {"en": "They had asked you too: the meeting is booked. See your agenda.",
                     "fr": "Ils vous l'avaient demandé aussi : le rendez-vous est pris. Voir "
                           "votre agenda.",
                     "ar": "كانوا قد طلبوا لقاءك أيضاً: اللقاء محجوز. راجع أجندتك."},
    "p.req.accepted": {"en": "Accepted: the meeting is in your agenda.",
                       "fr": "Acceptée : le rendez-vous est dans votre agenda.",
                       "ar": "تم القبول: اللقاء في أجندتك."},
    "p.req.declined": {"en": "Request declined.", "fr": "Demande refusée.", "ar": "رُفض الطلب."},
    "p.req.withdrawn": {"en": "Request withdrawn.", "fr": "Demande retirée.", "ar": "سُحب الطلب."},
    "p.prop.intro": {"en": "Meetings the organisers' scheduler suggests: each is booked once "
                           "both sides accept.",
                     "fr": "Rendez-vous proposés par le planificateur des organisateurs : "
                           "chacun est confirmé quand les deux parties acceptent.",
                     "ar": "لقاءات يقترحها مخطط المنظمين: يُحجز كل لقاء بمجرد قبول الطرفين."},
    "p.prop.none": {"en": "No suggested meeting at the moment.",
                    "fr": "Aucun rendez-vous proposé pour le moment.",
                    "ar": "لا يوجد لقاء مقترح حالياً."},
    "p.prop.when": {"en": "{when} · table {table} · {location}",
                    "fr": "{when} · table {table} · {location}",
                    "ar": "{when} · الطاولة {table} · {location}"},
    "p.prop.you_accepted": {"en": "You accepted: waiting for the other side",
                            "fr": "Vous avez accepté : en attente de l'autre partie",
                            "ar": "لقد قبلت: في انتظار الطرف الآخر"},
    "p.prop.they_accepted": {"en": "They have already accepted.",
                             "fr": "Ils ont déjà accepté.", "ar": "لقد قبلوا بالفعل."},
    "p.prop.confirmed": {"en": "Both sides accepted: the meeting is confirmed.",
                         "fr": "Les deux parties ont accepté : le rendez-vous est confirmé.",
                         "ar": "قبل الطرفان: اللقاء مؤكد."},
    "p.prop.waiting": {"en": "Accepted. It is confirmed as soon as the other side accepts too.",
                       "fr": "Accepté. Il sera confirmé dès que l'autre partie aura accepté.",
                       "ar": "تم القبول. يتأكد اللقاء بمجرد قبول الطرف الآخر أيضاً."},
    "p.prop.declined": {"en": "Suggestion declined.", "fr": "Proposition refusée.",
                        "ar": "رُفض الاقتراح."},

    # refusals (the rules of requests and bookings)
    "p.refused.self": {"en": "You cannot request a meeting with yourself.",
                       "fr": "Vous ne pouvez pas vous demander un rendez-vous à vous-même.",
                       "ar": "لا يمكنك طلب لقاء مع نفسك."},
    "p.refused.inactive": {"en": "This participant is no longer taking part.",
                           "fr": "Ce participant ne participe plus à l'événement.",
                           "ar": "هذا المشارك لم يعد مشاركاً في الحدث."},
    "p.refused.kinds": {"en": "These two kinds of participants cannot book a meeting at this "
                              "event.",
                        "fr": "Ces deux types de participants ne peuvent pas prendre "
                              "rendez-vous à cet événement.",
                        "ar": "لا يمكن لهاتين الفئتين من المشاركين حجز لقاء في هذا الحدث."},
    "p.refused.already_meeting": {"en": "You already have a meeting together.",
                                  "fr": "Vous avez déjà un rendez-vous ensemble.",
                                  "ar": "لديكما لقاء مشترك بالفعل."},
    "p.refused.not_taking": {"en": "{organisation} is not taking requests.",
                             "fr": "{organisation} n'accepte pas de demandes.",
                             "ar": "{organisation} لا تستقبل طلبات."},
    "p.refused.min_fit": {"en": "{organisation} takes requests only from profiles that fit "
                                "its thesis (fit {minimum} or more).",
                          "fr": "{organisation} n'accepte que les demandes de profils proches "
                                "de sa thèse (adéquation {minimum} ou plus).",
                          "ar": "{organisation} لا تستقبل الطلبات إلا من الملفات التي توافق "
                                "استراتيجيتها (درجة توافق {minimum} فما فوق)."},
    "p.refused.max_pending": {
        "en": {"by": "pending",
               "one": "You already have {pending} request waiting for an answer (the limit is "
                      "{limit}): wait for the answer or withdraw it.",
               "other": "You already have {pending} requests waiting for an answer (the limit is "
                        "{limit}): wait for answers or withdraw one."},
        "fr": {"by": "pending",
               "one": "Vous avez déjà {pending} demande en attente de réponse (la limite est de "
                      "{limit}) : attendez la réponse ou retirez-la.",
               "other": "Vous avez déjà {pending} demandes en attente de réponse (la limite est "
                        "de {limit}) : attendez les réponses ou retirez-en une."},
        "ar": {"by": "pending",
               "one": "لديك بالفعل طلب واحد في انتظار الرد (الحد الأقصى {limit}): انتظر الرد أو "
                      "اسحبه.",
               "two": "لديك بالفعل طلبان في انتظار الرد (الحد الأقصى {limit}): انتظر الردود أو "
                      "اسحب أحدهما.",
               "few": "لديك بالفعل {pending} طلبات في انتظار الرد (الحد الأقصى {limit}): انتظر "
                      "الردود أو اسحب أحدها.",
               "many": "لديك بالفعل {pending} طلباً في انتظار الرد (الحد الأقصى {limit}): انتظر "
                       "الردود أو اسحب أحدها.",
               "other": "لديك بالفعل {pending} طلب في انتظار الرد (الحد الأقصى {limit}): انتظر "
                        "الردود أو اسحب أحدها."}},
    "p.refused.full": {
        "en": {"by": "maximum",
               "one": "{organisation} is fully booked: {maximum} meeting agreed.",
               "other": "{organisation} is fully booked: {maximum} meetings agreed."},
        "fr": {"by": "maximum",
               "one": "{organisation} est complet : {maximum} rendez-vous convenu.",
               "other": "{organisation} est complet : {maximum} rendez-vous convenus."},
        "ar": {"by": "maximum",
               "one": "جدول {organisation} ممتلئ: لقاء واحد متفق عليه.",
               "two": "جدول {organisation} ممتلئ: لقاءان متفق عليهما.",
               "few": "جدول {organisation} ممتلئ: {maximum} لقاءات متفق عليها.",
               "many": "جدول {organisation} ممتلئ: {maximum} لقاءً متفقاً عليه.",
               "other": "جدول {organisation} ممتلئ: {maximum} لقاء متفق عليه."}},
    "p.refused.not_yours": {"en": "This is not yours to answer.",
                            "fr": "Ce n'est pas à vous d'y répondre.",
                            "ar": "ليس لك أن ترد على هذا."},
    "p.refused.request_state": {"en": "This request is already {rstatus}.",
                                "fr": "Cette demande est déjà : {rstatus}.",
                                "ar": "هذا الطلب أصبح بالفعل: {rstatus}."},
    "p.refused.meeting_state": {"en": "This meeting is already {status}.",
                                "fr": "Ce rendez-vous est déjà : {status}.",
                                "ar": "هذا اللقاء أصبح بالفعل: {status}."},
    "p.refused.no_slot": {"en": "No time slot is free for both of you with a free table: ask "
                                "the organisers' desk.",
                          "fr": "Aucun créneau n'est libre pour vous deux avec une table "
                                "libre : adressez-vous à l'accueil des organisateurs.",
                          "ar": "لا توجد فترة زمنية متاحة لكليكما مع طاولة شاغرة: توجّه إلى مكتب "
                                "المنظمين."},
    "p.refused.slot_taken": {"en": "This slot has just been taken: pick another one.",
                             "fr": "Ce créneau vient d'être pris : choisissez-en un autre.",
                             "ar": "حُجزت هذه الفترة للتو: اختر فترة أخرى."},
    "p.refused.slot_not_free": {"en": "That time is no longer free for both of you (or no "
                                      "table is free then): pick another one.",
                                "fr": "Ce créneau n'est plus libre pour vous deux (ou aucune "
                                      "table n'est libre) : choisissez-en un autre.",
                                "ar": "لم يعد هذا الوقت متاحاً لكليكما (أو لا توجد طاولة شاغرة "
                                      "حينها): اختر وقتاً آخر."},
    "p.refused.asked_slot_taken": {"en": "The time asked for is no longer free for both of "
                                         "you: pick another time below, then accept.",
                                   "fr": "Le créneau demandé n'est plus libre pour vous deux : "
                                         "choisissez un autre créneau ci-dessous, puis "
                                         "acceptez.",
                                   "ar": "لم يعد الوقت المطلوب متاحاً لكليكما: اختر وقتاً آخر "
                                         "أدناه، ثم اقبل."},
    "p.refused.other": {"en": "Not possible: {message}", "fr": "Impossible : {message}",
                        "ar": "غير ممكن: {message}"},

    "p.refused.locked": {"en": "The organisers have fixed this meeting's time: ask their desk.",
                         "fr": "Les organisateurs ont fixé l'horaire de ce rendez-vous : "
                               "adressez-vous à leur accueil.",
                         "ar": "حدّد المنظمون موعد هذا اللقاء: توجّه إلى مكتبهم."},
    "p.refused.change_waiting": {"en": "They have already proposed another time: answer it "
                                       "first.",
                                 "fr": "L'autre partie a déjà proposé un autre créneau : "
                                       "répondez-y d'abord.",
                                 "ar": "لقد اقترحوا بالفعل وقتاً آخر: رد عليه أولاً."},
    "p.refused.change_state": {"en": "This proposal is already {rstatus}.",
                               "fr": "Cette proposition est déjà : {rstatus}.",
                               "ar": "هذا الاقتراح أصبح بالفعل: {rstatus}."},
    "p.refused.change_slot_taken": {"en": "That time is no longer free for both of you: the "
                                          "meeting stays where it is. Propose another time.",
                                    "fr": "Ce créneau n'est plus libre pour vous deux : le "
                                          "rendez-vous reste où il est. Proposez un autre "
                                          "créneau.",
                                    "ar": "لم يعد هذا الوقت متاحاً لكليكما: يبقى اللقاء في "
                                          "موعده. اقترح وقتاً آخر."},

    # another time for a confirmed meeting (agenda)
    "p.move.propose": {"en": "Propose another time", "fr": "Proposer un autre créneau",
                       "ar": "اقتراح وقت آخر"},
    "p.move.intro": {"en": "Times when you are both free and a table is free. The meeting "
                           "moves only once they accept.",
                     "fr": "Créneaux où vous êtes tous deux libres avec une table libre. Le "
                           "rendez-vous ne bouge qu'une fois leur accord donné.",
                     "ar": "أوقات تكونان فيها متاحين مع طاولة شاغرة. لا يُنقل اللقاء إلا بعد "
                           "قبولهم."},
    "p.move.slot": {"en": "New time", "fr": "Nouveau créneau", "ar": "الوقت الجديد"},
    "p.move.send": {"en": "Send the proposal", "fr": "Envoyer la proposition",
                    "ar": "إرسال الاقتراح"},
    "p.move.no_time": {"en": "No other time is free for both of you with a free table.",
                       "fr": "Aucun autre créneau n'est libre pour vous deux avec une table "
                             "libre.", "ar": "لا يوجد وقت آخر متاح لكليكما مع طاولة شاغرة."},
    "p.move.sent": {"en": "Proposal sent: the meeting moves once they accept.",
                    "fr": "Proposition envoyée : le rendez-vous sera déplacé une fois leur "
                          "accord donné.", "ar": "أُرسل الاقتراح: يُنقل اللقاء بمجرد قبولهم."},
    "p.move.waiting": {"en": "You proposed {when}: waiting for their answer.",
                       "fr": "Vous avez proposé le {when} : en attente de leur réponse.",
                       "ar": "اقترحت {when}: في انتظار ردهم."},
    "p.move.withdraw": {"en": "Withdraw", "fr": "Retirer", "ar": "سحب"},
    "p.move.withdrawn": {"en": "Proposal withdrawn: the meeting stays where it is.",
                         "fr": "Proposition retirée : le rendez-vous reste où il est.",
                         "ar": "سُحب الاقتراح: يبقى اللقاء في موعده."},
    "p.move.theirs": {"en": "They propose to move this meeting to **{when}**.",
                      "fr": "L'autre partie propose de déplacer ce rendez-vous au **{when}**.",
                      "ar": "يقترحون نقل هذا اللقاء إلى **{when}**."},
    "p.move.accept": {"en": "Accept the new time", "fr": "Accepter le nouveau créneau",
                      "ar": "قبول الوقت الجديد"},
    "p.move.decline": {"en": "Keep the current time", "fr": "Garder le créneau actuel",
                       "ar": "الإبقاء على الوقت الحالي"},
    "p.move.moved": {"en": "Moved: your agenda and calendar show the new time.",
                     "fr": "Déplacé : votre agenda et votre calendrier montrent le nouveau "
                           "créneau.", "ar": "تم النقل: تعرض أجندتك وتقويمك الوقت الجديد."},
    "p.move.declined": {"en": "Declined: the meeting stays where it is.",
                        "fr": "Refusé : le rendez-vous reste où il est.",
                        "ar": "تم الرفض: يبقى اللقاء في موعده."},

    # free-slot suggestions (home page)
    "p.free.title_count": {"en": "Free soon, and a good fit ({count})",
                           "fr": "Libres bientôt, et proches de vous ({count})",
                           "ar": "متاحون قريباً، وتوافق جيد ({count})"},
    "p.free.intro": {"en": "Among your best fits, free at the same time as you in the next "
                           "hours, with a table free then. Asking sends a request for that "
                           "time; it is booked when they say yes.",
                     "fr": "Parmi vos meilleures correspondances, libres en même temps que vous "
                           "dans les prochaines heures, avec une table libre. Demander envoie "
                           "une demande pour ce créneau ; il est réservé quand l'autre partie "
                           "accepte.",
                     "ar": "من بين أفضل من يوافقونك، متاحون في نفس وقتك خلال الساعات القادمة، مع "
                           "طاولة شاغرة حينها. يرسل الطلب طلباً لذلك الوقت؛ ويُحجز اللقاء عندما "
                           "يوافقون."},
    "p.free.line": {"en": "{organisation} is free at {time}, table {table}, {score:.2f} fit",
                    "fr": "{organisation} est libre à {time}, table {table}, adéquation "
                          "{score:.2f}",
                    "ar": "{organisation} متاحة على الساعة {time}، الطاولة {table}، توافق "
                          "{score:.2f}"},
    "p.free.ask": {"en": "Request this slot", "fr": "Demander ce créneau", "ar": "طلب هذه الفترة"},
    "p.req.asked_time": {"en": "They ask for {when}", "fr": "Créneau demandé : {when}",
                         "ar": "يطلبون {when}"},
    "p.req.asked_option": {"en": "The time asked for: {when}",
                           "fr": "Le créneau demandé : {when}", "ar": "الوقت المطلوب: {when}"},
    "p.req.sent_for": {"en": "For {when}", "fr": "Pour le {when}", "ar": "لـ {when}"},

    # agenda
    "p.agenda.title": {"en": "My agenda", "fr": "Mon agenda", "ar": "أجندتي"},
    "p.agenda.ics": {"en": "Download my agenda (.ics)",
                     "fr": "Télécharger mon agenda (.ics)", "ar": "تنزيل أجندتي (.ics)"},
    "p.agenda.subscribe": {"en": "Subscribe in your calendar app",
                           "fr": "S'abonner dans votre agenda", "ar": "الاشتراك من تطبيق التقويم"},
    "p.agenda.subscribe_help": {
        "en": "Your calendar app checks this private address on its own: a meeting that "
              "moves or is cancelled changes there too. Do not share it.",
        "fr": "Votre application d'agenda consulte cette adresse privée d'elle-même : un "
              "rendez-vous déplacé ou annulé y change aussi. Ne la partagez pas.",
        "ar": "يتحقق تطبيق التقويم من هذا العنوان الخاص تلقائياً: أي لقاء يُنقل أو يُلغى يتغير "
              "هناك أيضاً. لا تشاركه مع أحد."},
    "p.agenda.subscribe_open": {"en": "Open in my calendar app",
                                "fr": "Ouvrir dans mon agenda", "ar": "فتح في تطبيق التقويم"},
    "p.agenda.ics_help": {"en": "For your phone or computer calendar; importing it again "
                                "updates the meetings instead of duplicating them.",
                          "fr": "Pour le calendrier de votre téléphone ou ordinateur ; "
                                "l'importer à nouveau met à jour les rendez-vous sans les "
                                "dupliquer.",
                          "ar": "لتقويم هاتفك أو حاسوبك؛ إعادة استيراده تحدّث اللقاءات بدل "
                                "تكرارها."},
    "p.agenda.print": {"en": "Print view", "fr": "Version à imprimer", "ar": "عرض للطباعة"},
    "p.agenda.print_help": {"en": "A plain list; then print the page from your browser.",
                            "fr": "Une liste simple ; imprimez ensuite la page depuis votre "
                                  "navigateur.", "ar": "قائمة بسيطة؛ ثم اطبع الصفحة من متصفحك."},
    "p.agenda.none": {"en": "No meeting yet: request meetings from your recommendations, or "
                            "accept the requests you receive.",
                      "fr": "Aucun rendez-vous pour l'instant : demandez des rendez-vous depuis "
                            "vos recommandations, ou acceptez les demandes reçues.",
                      "ar": "لا يوجد لقاء بعد: اطلب لقاءات من توصياتك، أو اقبل الطلبات التي "
                            "تصلك."},
    "p.agenda.when": {"en": "**{start}–{end}** · table **{table}** · {location}",
                      "fr": "**{start}–{end}** · table **{table}** · {location}",
                      "ar": "**{start}–{end}** · الطاولة **{table}** · {location}"},
    "p.agenda.contact": {"en": "Contact: {contact}", "fr": "Contact : {contact}",
                         "ar": "جهة الاتصال: {contact}"},
    "p.agenda.no_contact": {"en": "Contact details appear here once the meeting is confirmed.",
                            "fr": "Les coordonnées apparaissent ici une fois le rendez-vous "
                                  "confirmé.", "ar": "تظهر بيانات الاتصال هنا بمجرد تأكيد اللقاء."},
    "p.agenda.why": {"en": "Why this meeting", "fr": "Pourquoi ce rendez-vous",
                     "ar": "لماذا هذا اللقاء"},
    "p.agenda.answer": {"en": "Suggested by the organisers: accept or decline it under Requests",
                        "fr": "Proposé par les organisateurs : acceptez-le ou refusez-le dans "
                              "Demandes", "ar": "مقترح من المنظمين: اقبله أو ارفضه ضمن الطلبات"},
    "p.agenda.called_off": {"en": "Called off ({count})", "fr": "Annulés ({count})",
                            "ar": "الملغاة ({count})"},
    "p.agenda.col.time": {"en": "time", "fr": "heure", "ar": "الوقت"},
    "p.agenda.col.table": {"en": "table", "fr": "table", "ar": "الطاولة"},
    "p.agenda.col.with": {"en": "with", "fr": "avec", "ar": "مع"},
    "p.agenda.col.status": {"en": "status", "fr": "état", "ar": "الحالة"},
    "p.agenda.col.contact": {"en": "contact", "fr": "contact", "ar": "جهة الاتصال"},
    "p.agenda.col.reason": {"en": "reason", "fr": "motif", "ar": "السبب"},

    # feedback
    "p.fb.title": {"en": "Feedback on my meetings", "fr": "Retours sur mes rendez-vous",
                   "ar": "تقييم لقاءاتي"},
    "p.fb.intro": {"en": "A minute per meeting: it tells the organisers what worked, and "
                         "teaches the matching what a good fit is.",
                   "fr": "Une minute par rendez-vous : cela indique aux organisateurs ce qui "
                         "a marché, et apprend à la mise en relation ce qu'est une bonne "
                         "adéquation.",
                   "ar": "دقيقة لكل لقاء: تخبر المنظمين بما نجح، وتعلّم نظام المطابقة ما هو "
                         "التوافق الجيد."},
    "p.fb.none": {"en": "Your meetings appear here once they have begun.",
                  "fr": "Vos rendez-vous apparaissent ici une fois commencés.",
                  "ar": "تظهر لقاءاتك هنا بمجرد أن تبدأ."},
    "p.fb.given": {"en": "You have given feedback: saving again updates it.",
                   "fr": "Vous avez donné votre retour : l'enregistrer à nouveau le met à "
                         "jour.", "ar": "لقد قدمت تقييمك: الحفظ من جديد يحدّثه."},
    "p.fb.took_place": {"en": "Did the meeting take place?",
                        "fr": "Le rendez-vous a-t-il eu lieu ?", "ar": "هل انعقد اللقاء؟"},
    "p.fb.yes": {"en": "yes", "fr": "oui", "ar": "نعم"},
    "p.fb.no": {"en": "no", "fr": "non", "ar": "لا"},
    "p.fb.rating": {"en": "How useful was it?", "fr": "Quelle utilité ?", "ar": "ما مدى فائدته؟"},
    "p.fb.follow_up": {"en": "What next?", "fr": "Et ensuite ?", "ar": "ما الخطوة التالية؟"},
    "p.fb.follow.none": {"en": "nothing planned", "fr": "rien de prévu", "ar": "لا شيء مخطط له"},
    "p.fb.follow.call": {"en": "a call", "fr": "un appel", "ar": "مكالمة"},
    "p.fb.follow.second_meeting": {"en": "a second meeting", "fr": "un deuxième rendez-vous",
                                   "ar": "لقاء ثانٍ"},
    "p.fb.follow.investment": {"en": "an investment discussion",
                               "fr": "une discussion d'investissement", "ar": "نقاش حول الاستثمار"},
    "p.fb.follow.pilot": {"en": "a pilot", "fr": "un pilote", "ar": "مشروع تجريبي"},
    "p.fb.comment": {"en": "Comment (optional)", "fr": "Commentaire (facultatif)",
                     "ar": "تعليق (اختياري)"},
    "p.fb.save": {"en": "Save my feedback", "fr": "Enregistrer mon retour", "ar": "حفظ تقييمي"},
    "p.fb.saved": {"en": "Thank you: feedback saved.", "fr": "Merci : retour enregistré.",
                   "ar": "شكراً لك: تم حفظ التقييم."},

    # profile
    "p.profile.title": {"en": "My profile", "fr": "Mon profil", "ar": "ملفي التعريفي"},
    "p.profile.intro": {"en": "What others see of {organisation}, and what the matching "
                              "reads. Contact details are never shown before a meeting is "
                              "confirmed.",
                        "fr": "Ce que les autres voient de {organisation}, et ce que lit la "
                              "mise en relation. Vos coordonnées ne sont jamais montrées avant "
                              "qu'un rendez-vous soit confirmé.",
                        "ar": "ما يراه الآخرون عن {organisation}، وما يقرؤه نظام المطابقة. لا "
                              "تُعرض بيانات الاتصال أبداً قبل تأكيد اللقاء."},
    "p.profile.about": {"en": "About us", "fr": "Qui sommes-nous", "ar": "من نحن"},
    "p.profile.about_help": {"en": "Who you are and what you do, in a few sentences, in any "
                                   "language.",
                             "fr": "Qui vous êtes et ce que vous faites, en quelques phrases, "
                                   "dans toute langue.",
                             "ar": "من أنتم وماذا تفعلون، في بضع جمل، بأي لغة."},
    "p.profile.looking_for": {"en": "What we look for", "fr": "Ce que nous cherchons",
                              "ar": "ما نبحث عنه"},
    "p.profile.looking_for_help": {"en": "Investors, partners, pilots, clients…: be specific, "
                                         "the matching compares this with others' offers.",
                                   "fr": "Investisseurs, partenaires, pilotes, clients… : "
                                         "soyez précis, la mise en relation le compare aux "
                                         "offres des autres.",
                                   "ar": "مستثمرون، شركاء، مشاريع تجريبية، عملاء…: كن دقيقاً، "
                                         "فنظام المطابقة يقارن هذا بعروض الآخرين."},
    "p.profile.offering": {"en": "What we offer", "fr": "Ce que nous offrons", "ar": "ما نقدمه"},
    "p.profile.offering_help": {"en": "What you bring to a partner or investor.",
                                "fr": "Ce que vous apportez à un partenaire ou investisseur.",
                                "ar": "ما تقدمه لشريك أو مستثمر."},
    "p.profile.portfolio": {"en": "Portfolio", "fr": "Portefeuille", "ar": "المحفظة"},
    "p.profile.portfolio_help": {"en": "Start-ups you have backed or worked with, one per line, "
                                       "with what they do and where (e.g. \"Qatra Meter, prepaid "
                                       "water meters, Casablanca\"): we recommend more like them.",
                                 "fr": "Start-ups que vous avez financées ou accompagnées, une "
                                       "par ligne, avec leur activité et leur ville (ex. "
                                       "« Qatra Meter, compteurs d'eau prépayés, Casablanca ») : "
                                       "nous vous en recommandons de semblables.",
                                 "ar": "الشركات الناشئة التي دعمتها أو عملت معها، واحدة في كل "
                                       "سطر، مع نشاطها ومكانها (مثلاً \"Qatra Meter, prepaid "
                                       "water meters, Casablanca\"): نوصي بشركات مماثلة."},
    "p.profile.sectors": {"en": "Sectors and themes", "fr": "Secteurs et axes",
                          "ar": "القطاعات والمحاور"},
    "p.profile.sectors_help": {"en": "Pick from the list (▸ = a thematic axis of the "
                                     "programme), or type a tag of your own.",
                               "fr": "Choisissez dans la liste (▸ = un axe thématique du "
                                     "programme), ou saisissez votre propre mot-clé.",
                               "ar": "اختر من القائمة (▸ = محور موضوعاتي من البرنامج)، أو اكتب "
                                     "وسماً خاصاً بك."},
    "p.profile.stage": {"en": "Stage", "fr": "Stade", "ar": "المرحلة"},
    "p.profile.no_stage": {"en": "not given", "fr": "non précisé", "ar": "غير محددة"},
    "p.profile.stages": {"en": "Stages", "fr": "Stades", "ar": "المراحل"},
    "p.profile.languages": {"en": "Languages", "fr": "Langues", "ar": "اللغات"},
    "p.profile.ask_min": {"en": "Amount sought, from (€)", "fr": "Montant recherché, de (€)",
                          "ar": "المبلغ المطلوب، من (€)"},
    "p.profile.ask_max": {"en": "Amount sought, up to (€)",
                          "fr": "Montant recherché, jusqu'à (€)", "ar": "المبلغ المطلوب، إلى (€)"},
    "p.profile.ticket_min": {"en": "Ticket, from (€)", "fr": "Ticket, de (€)",
                             "ar": "حجم الاستثمار، من (€)"},
    "p.profile.ticket_max": {"en": "Ticket, up to (€)", "fr": "Ticket, jusqu'à (€)",
                             "ar": "حجم الاستثمار، إلى (€)"},
    "p.profile.amount_help": {"en": "e.g. 150000, 150k or 1.5M", "fr": "ex. 150000, 150k ou 1,5M",
                              "ar": "مثلاً 150000 أو 150k أو 1.5M"},
    "p.profile.country": {"en": "Country", "fr": "Pays", "ar": "البلد"},
    "p.profile.countries": {"en": "Countries (where you invest or operate; first = "
                                  "headquarters)",
                            "fr": "Pays (où vous investissez ou opérez ; le premier = siège)",
                            "ar": "البلدان (حيث تستثمر أو تنشط؛ الأول = المقر الرئيسي)"},
    "p.profile.countries_help": {"en": "Regions such as Africa or MENA are allowed.",
                                 "fr": "Les régions comme Afrique ou MENA sont possibles.",
                                 "ar": "يُسمح بالمناطق مثل أفريقيا أو الشرق الأوسط وشمال "
                                       "أفريقيا."},
    "p.profile.save": {"en": "Save my profile", "fr": "Enregistrer mon profil",
                       "ar": "حفظ ملفي التعريفي"},
    "p.profile.not_saved": {"en": "Nothing was saved: correct the fields above.",
                            "fr": "Rien n'a été enregistré : corrigez les champs ci-dessus.",
                            "ar": "لم يُحفظ شيء: صحّح الحقول أعلاه."},
    "p.profile.err.amount": {"en": "Not an amount: write it like 150000, 150k or 1.5M.",
                             "fr": "Montant invalide : écrivez-le comme 150000, 150k ou 1,5M.",
                             "ar": "ليس مبلغاً: اكتبه مثل 150000 أو 150k أو 1.5M."},
    "p.profile.err.ticket_order": {"en": "The lower amount is greater than the upper one.",
                                   "fr": "Le montant minimum dépasse le maximum.",
                                   "ar": "المبلغ الأدنى أكبر من المبلغ الأعلى."},
    "p.profile.err.one_stage": {"en": "A start-up gives its own stage, one only.",
                                "fr": "Une start-up indique son propre stade, un seul.",
                                "ar": "تحدد الشركة الناشئة مرحلتها الخاصة، مرحلة واحدة فقط."},
    "p.profile.embedding": {"en": "Updating the matching with your new texts… {done}/{total}",
                            "fr": "Mise à jour de la mise en relation avec vos nouveaux "
                                  "textes… {done}/{total}",
                            "ar": "جارٍ تحديث المطابقة بنصوصك الجديدة… {done}/{total}"},
    "p.profile.saved": {"en": "Saved: {fields}.", "fr": "Enregistré : {fields}.",
                        "ar": "تم الحفظ: {fields}."},
    "p.profile.unchanged": {"en": "Nothing changed.", "fr": "Rien n'a changé.",
                            "ar": "لم يتغير شيء."},
    "p.profile.embedded": {
        "en": {"one": "{count} profile text re-read by the matching.",
               "other": "{count} profile texts re-read by the matching."},
        "fr": {"one": "{count} texte de profil relu par la mise en relation.",
               "other": "{count} textes de profil relus par la mise en relation."},
        "ar": {"zero": "لم يُعِد نظام المطابقة قراءة أي نص تعريفي.",
               "one": "أعاد نظام المطابقة قراءة نص تعريفي واحد.",
               "two": "أعاد نظام المطابقة قراءة نصين تعريفيين.",
               "few": "أعاد نظام المطابقة قراءة {count} نصوص تعريفية.",
               "many": "أعاد نظام المطابقة قراءة {count} نصاً تعريفياً.",
               "other": "أعاد نظام المطابقة قراءة {count} نص تعريفي."}},
    "p.profile.embed_later": {"en": "Saved, but the matching model is not available right now: "
                                    "your new texts will count once the organisers update the "
                                    "matching.",
                              "fr": "Enregistré, mais le modèle de mise en relation n'est pas "
                                    "disponible pour l'instant : vos nouveaux textes compteront "
                                    "dès que les organisateurs mettront à jour la mise en "
                                    "relation.",
                              "ar": "تم الحفظ، لكن نموذج المطابقة غير متاح حالياً: ستُحتسب نصوصك "
                                    "الجديدة بمجرد أن يحدّث المنظمون المطابقة."},
    "p.profile.requests": {"en": "Meeting requests", "fr": "Demandes de rendez-vous",
                           "ar": "طلبات اللقاء"},
    "p.profile.accepting": {"en": "I take meeting requests",
                            "fr": "J'accepte les demandes de rendez-vous",
                            "ar": "أستقبل طلبات اللقاء"},
    "p.profile.accepting_help": {"en": "Off: nobody can send you a new request (the organisers' "
                                       "suggestions still reach you).",
                                 "fr": "Désactivé : personne ne peut vous envoyer de nouvelle "
                                       "demande (les propositions des organisateurs vous "
                                       "parviennent toujours).",
                                 "ar": "عند التعطيل: لا يمكن لأحد أن يرسل إليك طلباً جديداً (تظل "
                                       "مقترحات المنظمين تصلك)."},
    "p.profile.min_score": {"en": "Only from a fit of at least (0 = everyone)",
                            "fr": "Seulement à partir d'une adéquation de (0 = tout le monde)",
                            "ar": "فقط ابتداءً من درجة توافق لا تقل عن (0 = الجميع)"},
    "p.profile.min_score_help": {"en": "Requests from profiles below this two-way fit are "
                                       "refused, with a polite message: no off-thesis flood.",
                                 "fr": "Les demandes de profils en dessous de cette adéquation "
                                       "sont refusées, avec un message courtois : pas "
                                       "d'avalanche hors thèse.",
                                 "ar": "تُرفض طلبات الملفات التي تقل عن درجة التوافق المتبادل "
                                       "هذه، برسالة مهذبة: لا سيل من الطلبات خارج استراتيجيتك."},
    "p.profile.save_requests": {"en": "Save", "fr": "Enregistrer", "ar": "حفظ"},
    "p.profile.requests_saved": {"en": "Saved.", "fr": "Enregistré.", "ar": "تم الحفظ."},

    # availability
    "p.avail.title": {"en": "My availability", "fr": "Mes disponibilités", "ar": "أوقات توفري"},
    "p.avail.intro": {"en": "Select the slots when you cannot meet: nobody will book you then. "
                            "● marks a slot where you already have a meeting.",
                      "fr": "Sélectionnez les créneaux où vous n'êtes pas disponible : "
                            "personne ne vous y donnera rendez-vous. ● signale un créneau où "
                            "vous avez déjà un rendez-vous.",
                      "ar": "اختر الفترات التي لا يمكنك فيها اللقاء: لن يحجز لك أحد حينها. ● "
                            "تشير إلى فترة لديك فيها لقاء بالفعل."},
    "p.avail.no_slots": {"en": "The organisers have not set the time slots yet.",
                         "fr": "Les organisateurs n'ont pas encore défini les créneaux.",
                         "ar": "لم يحدد المنظمون الفترات الزمنية بعد."},
    "p.avail.blocked": {"en": "Not available at", "fr": "Indisponible à", "ar": "غير متاح في"},
    "p.avail.breaks": {"en": "Breaks: {breaks}", "fr": "Pauses : {breaks}",
                       "ar": "الاستراحات: {breaks}"},
    "p.avail.meetings": {"en": "Your meetings: {meetings}", "fr": "Vos rendez-vous : {meetings}",
                         "ar": "لقاءاتك: {meetings}"},
    "p.avail.save": {"en": "Save my availability", "fr": "Enregistrer mes disponibilités",
                     "ar": "حفظ أوقات توفري"},
    "p.avail.saved": {
        "en": {"one": "Saved: {count} slot blocked.",
               "other": "Saved: {count} slots blocked."},
        "fr": {"one": "Enregistré : {count} créneau bloqué.",
               "other": "Enregistré : {count} créneaux bloqués."},
        "ar": {"zero": "تم الحفظ: لا توجد فترة محجوبة.",
               "one": "تم الحفظ: فترة واحدة محجوبة.",
               "two": "تم الحفظ: فترتان محجوبتان.",
               "few": "تم الحفظ: {count} فترات محجوبة.",
               "many": "تم الحفظ: {count} فترة محجوبة.",
               "other": "تم الحفظ: {count} فترة محجوبة."}},
    "p.avail.unchanged": {"en": "Nothing changed.", "fr": "Rien n'a changé.",
                          "ar": "لم يتغير شيء."},
    "p.avail.conflict": {"en": "{day} {time}: you already have a meeting with {organisation} "
                               "then. Cancel it with them or ask the organisers' desk.",
                         "fr": "{day} {time} : vous avez déjà un rendez-vous avec "
                               "{organisation} à ce moment. Annulez-le avec eux ou adressez-vous "
                               "à l'accueil des organisateurs.",
                         "ar": "{day} {time}: لديك لقاء مع {organisation} في هذا الوقت. ألغه "
                               "بالاتفاق معهم أو توجّه إلى مكتب المنظمين."},
    # badges, logos and photos
    "p.badge.title": {"en": "My badge", "fr": "Mon badge", "ar": "شارتي"},
    "p.badge.help": {"en": "Show this code at the check-in desk: it checks you in at once. It "
                           "is your personal link: do not share it.",
                     "fr": "Montrez ce code à l'accueil : votre arrivée est enregistrée aussitôt. "
                           "C'est votre lien personnel : ne le partagez pas.",
                     "ar": "اعرض هذا الرمز في مكتب الاستقبال ليُسجَّل وصولك فورًا. إنه رابطك "
                           "الشخصي: لا تشاركه."},
    "p.profile.logo": {"en": "Your organisation's logo", "fr": "Logo de votre structure",
                       "ar": "شعار مؤسستك"},
    "p.profile.photo": {"en": "Your photo", "fr": "Votre photo", "ar": "صورتك"},
    "p.profile.image_help": {"en": "Optional. PNG, JPEG or WebP up to 5 MB, kept at 256 px "
                                   "without its metadata; shown on your badge and your cards.",
                             "fr": "Facultatif. PNG, JPEG ou WebP jusqu'à 5 Mo, gardé en 256 px "
                                   "sans ses métadonnées ; affiché sur votre badge et vos "
                                   "fiches.",
                             "ar": "اختياري. PNG أو JPEG أو WebP حتى 5 ميغابايت، يُحفظ بحجم "
                                   "256 بكسل دون بياناته الوصفية، ويظهر على شارتك وبطاقاتك."},
    "p.profile.image_saved": {"en": "Saved.", "fr": "Enregistré.", "ar": "حُفظ."},
    "p.profile.image_remove": {"en": "Remove", "fr": "Retirer", "ar": "إزالة"},
    "img.image_empty": {"en": "{name} is empty.", "fr": "{name} est vide.",
                        "ar": "{name} فارغ."},
    "img.image_too_big": {"en": "{name} is {size_mb:.1f} MB; the limit is {limit_mb:.0f} MB.",
                          "fr": "{name} fait {size_mb:.1f} Mo ; la limite est {limit_mb:.0f} Mo.",
                          "ar": "حجم {name} {size_mb:.1f} ميغابايت، والحد {limit_mb:.0f} "
                                "ميغابايت."},
    "img.image_not_image": {"en": "{name} is not a PNG, JPEG or WebP image.",
                            "fr": "{name} n'est pas une image PNG, JPEG ou WebP.",
                            "ar": "{name} ليس صورة PNG أو JPEG أو WebP."},
    "img.image_too_many_pixels": {"en": "{name} has too many pixels (more than 40 million).",
                                  "fr": "{name} a trop de pixels (plus de 40 millions).",
                                  "ar": "في {name} عدد كبير جدًا من البكسلات (أكثر من 40 "
                                        "مليونًا)."},
    "img.image_broken": {"en": "{name} is damaged: it could not be decoded.",
                         "fr": "{name} est endommagé : impossible de le décoder.",
                         "ar": "{name} تالف: تعذّر فك ترميزه."},
}
