"""Texts of the console's background jobs (keys start with ``o.jobs.``) and their refusals."""

TEXTS: dict[str, dict[str, str]] = {
    "o.jobs.kind.matching": {"en": "Matching", "fr": "Mise en relation", "ar": "المطابقة"},
    "o.jobs.kind.schedule": {"en": "Scheduler run", "fr": "Calcul du planning",
                             "ar": "تشغيل المخطط"},
    "o.jobs.kind.replan": {"en": "Re-plan", "fr": "Replanification", "ar": "إعادة التخطيط"},
    "o.jobs.kind.export": {"en": "Export", "fr": "Export", "ar": "تصدير"},
    "o.jobs.status.queued": {"en": "queued", "fr": "en attente", "ar": "في قائمة الانتظار"},
    "o.jobs.status.running": {"en": "running", "fr": "en cours", "ar": "قيد التشغيل"},
    "o.jobs.status.done": {"en": "done", "fr": "terminé", "ar": "منتهية"},
    "o.jobs.status.failed": {"en": "failed", "fr": "échoué", "ar": "فاشلة"},
    "o.jobs.status.cancelled": {"en": "cancelled", "fr": "annulé", "ar": "ملغاة"},
    "o.jobs.active": {"en": "{kind} (job {id}), {status}: started by {actor} at {at}. It goes "
                            "on in the background if you leave this page.",
                      "fr": "{kind} (tâche {id}), {status} : lancé par {actor} à {at}. Il se "
                            "poursuit en arrière-plan si vous quittez cette page.",
                      "ar": "{kind} (المهمة {id})، {status}: بدأها {actor} على الساعة {at}. "
                            "تستمر في الخلفية إذا غادرت هذه الصفحة."},
    "o.jobs.waiting": {"en": "Waiting for the server to start it…",
                       "fr": "En attente du démarrage par le serveur…",
                       "ar": "في انتظار أن يبدأها الخادم…"},
    "o.jobs.cancel": {"en": "Cancel", "fr": "Annuler", "ar": "إلغاء"},
    "o.jobs.cancel_asked": {"en": "Cancel asked for: the job stops at its next step and keeps "
                                  "nothing.",
                            "fr": "Annulation demandée : la tâche s'arrête à sa prochaine étape "
                                  "et ne garde rien.",
                            "ar": "طُلب الإلغاء: تتوقف المهمة عند خطوتها التالية ولا تحتفظ بأي "
                                  "شيء."},
    "o.jobs.submitted": {"en": "Started in the background (job {id}): you may leave this page.",
                         "fr": "Lancé en arrière-plan (tâche {id}) : vous pouvez quitter cette "
                               "page.",
                         "ar": "بدأت في الخلفية (المهمة {id}): يمكنك مغادرة هذه الصفحة."},
    "o.jobs.busy": {"en": "{kind} job {id} is already {status}: wait for it to end or cancel "
                          "it.",
                    "fr": "La tâche {id} ({kind}) est déjà {status} : attendez sa fin ou "
                          "annulez-la.",
                    "ar": "مهمة {kind} رقم {id} حالتها بالفعل: {status}. انتظر انتهاءها أو "
                          "ألغها."},
    "o.jobs.cancelled": {"en": "Cancelled by an organiser: nothing of it was kept.",
                         "fr": "Annulé par un organisateur : rien n'en a été gardé.",
                         "ar": "ألغاها أحد المنظمين: لم يُحتفظ بأي شيء منها."},
    "o.jobs.interrupted": {"en": "The server stopped while it ran: nothing of it was kept. "
                                 "Start it again.",
                           "fr": "Le serveur s'est arrêté pendant son exécution : rien n'en a "
                                 "été gardé. Relancez-le.",
                           "ar": "توقف الخادم أثناء تشغيلها: لم يُحتفظ بأي شيء منها. أعد "
                                 "تشغيلها."},
    "o.jobs.ended": {"en": "{kind} (job {id}) {status} at {at}, started by {actor}.",
                     "fr": "{kind} (tâche {id}) {status} à {at}, lancé par {actor}.",
                     "ar": "{kind} (المهمة {id}) {status} على الساعة {at}، بدأها {actor}."},
    "o.jobs.too_late": {"en": "The cancel came after its results were written: they are kept.",
                        "fr": "L'annulation est arrivée après l'écriture des résultats : ils "
                              "sont gardés.",
                        "ar": "وصل الإلغاء بعد كتابة نتائجها: تم الاحتفاظ بها."},
    "o.jobs.step.embed": {"en": "Embedding profile texts… {done}/{total}",
                          "fr": "Encodage des textes de profil… {done}/{total}",
                          "ar": "جارٍ ترميز نصوص الملفات التعريفية… {done}/{total}"},
    "o.jobs.step.score": {"en": "Scoring every pair…", "fr": "Calcul des scores…",
                          "ar": "جارٍ احتساب درجة كل زوج…"},
    "o.jobs.step.solve": {"en": "Scheduling (up to {seconds} s)…",
                          "fr": "Planification (jusqu'à {seconds} s)…",
                          "ar": "جارٍ التخطيط (حتى {seconds} ث)…"},
    "o.jobs.step.bound": {"en": "Computing the upper bound…",
                          "fr": "Calcul de la borne supérieure…", "ar": "جارٍ حساب الحد الأعلى…"},
    "o.jobs.step.write": {"en": "Writing the meetings…", "fr": "Écriture des rendez-vous…",
                          "ar": "جارٍ كتابة اللقاءات…"},
    "o.jobs.step.export": {"en": "Making the file…", "fr": "Préparation du fichier…",
                           "ar": "جارٍ إعداد الملف…"},
    "o.jobs.step.save": {"en": "Saving the file…", "fr": "Enregistrement du fichier…",
                         "ar": "جارٍ حفظ الملف…"},
    "o.jobs.matching_go": {"en": "Embed and score only", "fr": "Encoder et calculer les scores "
                                                               "seulement",
                           "ar": "الترميز واحتساب الدرجات فقط"},
    "o.jobs.matching_help": {"en": "Updates the embeddings and the scores without scheduling.",
                             "fr": "Met à jour les encodages et les scores sans planifier.",
                             "ar": "يحدّث التمثيلات الدلالية والدرجات دون تخطيط."},
    "o.jobs.matching_done": {"en": "Matching updated: {summary}",
                             "fr": "Mise en relation à jour : {summary}",
                             "ar": "تم تحديث المطابقة: {summary}"},
    "o.jobs.exports.help": {"en": "The whole event's files are made in the background: click "
                                  "one, then download it below when it is ready.",
                            "fr": "Les fichiers de tout l'événement sont préparés en "
                                  "arrière-plan : cliquez sur l'un d'eux, puis téléchargez-le "
                                  "ci-dessous quand il est prêt.",
                            "ar": "تُعدّ ملفات الحدث كاملاً في الخلفية: انقر على أحدها، ثم نزّله "
                                  "أدناه عندما يصبح جاهزاً."},
    "o.jobs.exports.ready": {"en": "Files ready", "fr": "Fichiers prêts", "ar": "الملفات الجاهزة"},
    "o.jobs.exports.download": {"en": "Download {what} (made at {at})",
                                "fr": "Télécharger {what} (fait à {at})",
                                "ar": "تنزيل {what} (أُعدّ على الساعة {at})"},
    # refusals (storage codes)
    "o.err.job_busy": {"en": "Job {job} of that kind is already {status}: wait for it to end "
                             "or cancel it.",
                       "fr": "La tâche {job} de ce type est déjà {status} : attendez sa fin ou "
                             "annulez-la.",
                       "ar": "المهمة {job} من هذا النوع حالتها بالفعل: {status}. انتظر انتهاءها "
                             "أو ألغها."},
    "o.err.job_ended": {"en": "Job {job} has already ended.",
                        "fr": "La tâche {job} est déjà terminée.",
                        "ar": "المهمة {job} انتهت بالفعل."},
    "o.err.job_missing": {"en": "There is no job {job}.", "fr": "Il n'y a pas de tâche {job}.",
                          "ar": "لا توجد مهمة {job}."},
}
