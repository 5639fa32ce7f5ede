"""The demo's documents: a pleading when a case is registered, and the orders, minutes and decisions
its steps produce, in the language of the case. Each kind of paper is one sample text, the same
for every case that files it, so that a handful of PDFs serve thousands of cases."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from adalat.cases.bulk import CasePlan
from adalat.documents.bulk import Content, DocumentBulkWriter
from adalat.documents.pdf import Block, pdf_document
from adalat.jurisdictions.schema import CaseKind

NOTE = {
    "en": "A sample document of the Adalat demo: its text is the same in every demo case.",
    "ru": "Образец документа демонстрационной версии Adalat: его текст одинаков во всех демонстрационных делах.",
}


@dataclass(frozen=True)
class Paper:
    code: str
    title: dict[str, str]  # by language
    body: dict[str, tuple[str, ...]]  # paragraphs, by language

    def pdf(self, language: str) -> bytes:
        blocks = [
            Block(NOTE[language], size=8, before=0, centred=True),
            Block(self.title[language], size=15, before=2, centred=True),
        ]
        blocks += [Block(paragraph, size=11, before=0.8) for paragraph in self.body[language]]
        return pdf_document(blocks, title=self.title[language])

    def filename(self, language: str) -> str:
        return self.title[language].replace(" ", "-").replace("«", "").replace("»", "") + ".pdf"


def _paper(code: str, en: str, ru: str, body_en: tuple[str, ...], body_ru: tuple[str, ...]) -> Paper:
    return Paper(code, {"en": en, "ru": ru}, {"en": body_en, "ru": body_ru})


COURT_DECIDED_EN = "The court examined the case file and heard the parties present at the hearing."
COURT_DECIDED_RU = "Суд исследовал материалы дела и заслушал явившихся участников процесса."

PAPERS = {
    paper.code: paper
    for paper in (
        _paper(
            "claim",
            "Statement of claim",
            "Исковое заявление",
            (
                "The plaintiff asks the court to order the defendant to perform the obligation set out below "
                "and to pay the court fee the plaintiff has paid.",
                "Circumstances: the parties concluded an agreement; the defendant has not performed it within "
                "the agreed time despite a written demand, which remained unanswered.",
                "Evidence attached: the agreement, the demand and proof of its delivery, a calculation of the "
                "amount claimed, and the receipt for the court fee.",
                "The plaintiff agrees to receive the court's documents electronically.",
            ),
            (
                "Истец просит суд обязать ответчика исполнить обязательство, указанное ниже, и взыскать с "
                "ответчика уплаченную истцом государственную пошлину.",
                "Обстоятельства дела: стороны заключили договор; ответчик не исполнил его в согласованный срок, "
                "письменная претензия истца оставлена без ответа.",
                "Приложения: договор, претензия и доказательство её вручения, расчёт взыскиваемой суммы, "
                "квитанция об уплате государственной пошлины.",
                "Истец согласен получать судебные документы в электронной форме.",
            ),
        ),
        _paper(
            "admin_claim",
            "Administrative claim",
            "Административное исковое заявление",
            (
                "The claimant asks the court to declare unlawful the decision of the public authority named "
                "below and to order it to reconsider the claimant's application.",
                "The authority refused the application without stating the grounds the law requires; the "
                "claimant's complaint to the authority above it was not answered within the time allowed.",
                "Attached: the decision contested, the application, the complaint and proof of its filing.",
            ),
            (
                "Административный истец просит суд признать незаконным решение указанного ниже органа и "
                "обязать его повторно рассмотреть заявление истца.",
                "Орган отказал в удовлетворении заявления, не указав оснований, которых требует закон; жалоба "
                "в вышестоящий орган в установленный срок не рассмотрена.",
                "Приложения: оспариваемое решение, заявление, жалоба и доказательство её подачи.",
            ),
        ),
        _paper(
            "indictment",
            "Indictment",
            "Обвинительное заключение",
            (
                "The investigation established that the accused committed the act described below, which the "
                "criminal law provides for under the article stated in the case file.",
                "The evidence gathered: the statements of the victim and of witnesses, the record of the "
                "inspection of the scene, the expert's opinion and the objects seized.",
                "The case is sent to the court with the prosecutor's approval for trial on the merits.",
            ),
            (
                "Следствием установлено, что обвиняемый совершил описанное ниже деяние, предусмотренное "
                "статьёй уголовного закона, указанной в материалах дела.",
                "Собранные доказательства: показания потерпевшего и свидетелей, протокол осмотра места "
                "происшествия, заключение эксперта и изъятые предметы.",
                "Дело с утверждённым прокурором обвинительным заключением направляется в суд для "
                "рассмотрения по существу.",
            ),
        ),
        _paper(
            "crime_report",
            "Report of a criminal offence",
            "Рапорт об обнаружении признаков уголовного правонарушения",
            (
                "A statement was received describing an act that shows the signs of a criminal offence "
                "under the article stated in the case file.",
                "The report is entered in the register of pre-trial investigations and the investigation begins today.",
            ),
            (
                "Поступило заявление о деянии, содержащем признаки уголовного правонарушения, "
                "предусмотренного статьёй, указанной в материалах дела.",
                "Сообщение внесено в реестр досудебных расследований; расследование начато сегодня.",
            ),
        ),
        _paper(
            "offence_report",
            "Report of an administrative offence",
            "Протокол об административном правонарушении",
            (
                "The officer who drew up this report recorded the offence described below, the place and time "
                "it was committed, and the article of the code of administrative offences that provides for it.",
                "The person concerned was told of their rights and given a copy of this report; their "
                "explanation is recorded below.",
            ),
            (
                "Должностное лицо, составившее протокол, зафиксировало описанное ниже правонарушение, место и "
                "время его совершения и статью кодекса об административных правонарушениях.",
                "Лицу, в отношении которого составлен протокол, разъяснены его права и вручена копия "
                "протокола; его объяснение приводится ниже.",
            ),
        ),
        _paper(
            "hearing_order",
            "Order setting the case for hearing",
            "Определение о назначении дела к судебному разбирательству",
            (
                "Having found the case ready, the judge sets it for hearing in open court.",
                "The parties are summoned; they may file further evidence no later than three working days "
                "before the hearing and may take part by video link if the court allows it.",
            ),
            (
                "Признав дело подготовленным, судья назначает его к разбирательству в открытом судебном заседании.",
                "Стороны извещаются о заседании; дополнительные доказательства могут быть представлены не "
                "позднее чем за три рабочих дня до заседания, участие возможно по видеосвязи с разрешения суда.",
            ),
        ),
        _paper(
            "trial_order",
            "Order setting the trial",
            "Постановление о назначении судебного заседания",
            (
                "Having examined the case received from the prosecutor, the judge finds no ground to return it "
                "or end the proceedings and sets the trial.",
                "The accused, the victim, the defence lawyer and the prosecutor are summoned; the measure of "
                "restraint is left unchanged.",
            ),
            (
                "Изучив поступившее от прокурора уголовное дело, судья не нашёл оснований для его возвращения "
                "или прекращения и назначает судебное заседание.",
                "В заседание вызываются подсудимый, потерпевший, защитник и государственный обвинитель; мера "
                "пресечения оставлена без изменения.",
            ),
        ),
        _paper(
            "minutes",
            "Minutes of the hearing",
            "Протокол судебного заседания",
            (
                "The hearing was opened at the time and place stated; the court checked who was present and "
                "explained their rights to them. No one challenged the judge.",
                "The parties gave their explanations and answered questions; the court examined the written "
                "evidence. No further motions were made.",
                "The court withdrew to deliberate and then announced its decision.",
            ),
            (
                "Судебное заседание открыто в указанное время и месте; суд установил явку участников и "
                "разъяснил им их права. Отводов судье не заявлено.",
                "Стороны дали объяснения и ответили на вопросы; суд исследовал письменные доказательства. "
                "Иных ходатайств не поступило.",
                "Суд удалился в совещательную комнату, после чего огласил принятое решение.",
            ),
        ),
        _paper(
            "decision",
            "Decision",
            "Решение суда",
            (
                COURT_DECIDED_EN,
                "The court finds the claim well founded in the part supported by the evidence and grants it "
                "to that extent; the rest of the claim is dismissed.",
                "The decision may be appealed to the court of appeal within one month of its final form.",
            ),
            (
                COURT_DECIDED_RU,
                "Суд признаёт иск обоснованным в части, подтверждённой доказательствами, и удовлетворяет его "
                "в этой части; в остальной части в иске отказано.",
                "Решение может быть обжаловано в апелляционном порядке в течение месяца со дня его принятия в "
                "окончательной форме.",
            ),
        ),
        _paper(
            "judgment",
            "Judgment",
            "Приговор",
            (
                "The court examined the evidence at trial and heard the closing speeches and the last word of "
                "the accused.",
                "The court finds the accused guilty of the offence charged and imposes the penalty stated in "
                "the operative part, taking into account the circumstances of the case and the person.",
                "The judgment may be appealed within fifteen days of its announcement.",
            ),
            (
                "Суд исследовал доказательства в судебном заседании, заслушал прения сторон и последнее слово "
                "подсудимого.",
                "Суд признаёт подсудимого виновным в совершении вменённого преступления и назначает наказание, "
                "указанное в резолютивной части, с учётом обстоятельств дела и личности подсудимого.",
                "Приговор может быть обжалован в течение пятнадцати суток со дня его провозглашения.",
            ),
        ),
        _paper(
            "ruling",
            "Ruling in a case of an administrative offence",
            "Постановление по делу об административном правонарушении",
            (
                COURT_DECIDED_EN,
                "The court finds the offence proven and imposes the penalty provided for by the article stated "
                "in the report.",
                "The ruling may be appealed within ten days of receiving a copy of it.",
            ),
            (
                COURT_DECIDED_RU,
                "Суд признаёт правонарушение доказанным и назначает наказание, предусмотренное статьёй, "
                "указанной в протоколе.",
                "Постановление может быть обжаловано в течение десяти суток со дня вручения его копии.",
            ),
        ),
        _paper(
            "settlement_order",
            "Order approving the settlement",
            "Определение об утверждении мирового соглашения",
            (
                "The parties have settled their dispute on the terms set out in their agreement, which does not "
                "break the law or harm anyone else's rights.",
                "The court approves the settlement and ends the proceedings; the same dispute cannot be brought "
                "to court again.",
            ),
            (
                "Стороны урегулировали спор на условиях заключённого ими соглашения, которое не противоречит "
                "закону и не нарушает прав других лиц.",
                "Суд утверждает мировое соглашение и прекращает производство по делу; повторное обращение в суд "
                "по тому же спору не допускается.",
            ),
        ),
        _paper(
            "dismissal_order",
            "Order leaving the claim without consideration",
            "Определение об оставлении иска без рассмотрения",
            (
                "The plaintiff failed twice to appear without good reason and did not ask for the case to be "
                "heard in their absence.",
                "The claim is left without consideration; the plaintiff may file it again.",
            ),
            (
                "Истец дважды не явился в судебное заседание без уважительных причин и не просил о "
                "рассмотрении дела в его отсутствие.",
                "Иск оставлен без рассмотрения; истец вправе обратиться в суд повторно.",
            ),
        ),
        _paper(
            "return_order",
            "Order returning the claim",
            "Определение о возвращении искового заявления",
            (
                "The claim does not meet the requirements of the law on its form and content, and its defects "
                "were not put right within the time the court gave.",
                "The claim is returned with its attachments; it may be filed again once put right.",
            ),
            (
                "Исковое заявление не соответствует требованиям закона к его форме и содержанию, недостатки "
                "не устранены в установленный судом срок.",
                "Заявление возвращается вместе с приложенными документами; после устранения недостатков его "
                "можно подать повторно.",
            ),
        ),
        _paper(
            "termination_order",
            "Order terminating the proceedings",
            "Постановление о прекращении производства по делу",
            (
                "The court finds a ground in law to end the proceedings without deciding the case on its merits.",
                "The proceedings are terminated; the order may be appealed within the time the law allows.",
            ),
            (
                "Суд установил предусмотренное законом основание для прекращения производства без разрешения "
                "дела по существу.",
                "Производство по делу прекращено; постановление может быть обжаловано в установленный законом срок.",
            ),
        ),
        _paper(
            "prosecutor_return_order",
            "Order returning the case to the prosecutor",
            "Постановление о возвращении уголовного дела прокурору",
            (
                "The indictment was drawn up in breach of the law, which prevents the court from giving "
                "judgment on it.",
                "The case is returned to the prosecutor to put the breach right.",
            ),
            (
                "Обвинительное заключение составлено с нарушением закона, что исключает возможность "
                "постановления приговора.",
                "Дело возвращается прокурору для устранения допущенного нарушения.",
            ),
        ),
        _paper(
            "report_return_order",
            "Order returning the report of the offence",
            "Определение о возвращении протокола об административном правонарушении",
            (
                "The report was drawn up incompletely and the gaps cannot be filled at the hearing.",
                "The report and the file are returned to the authority that drew them up.",
            ),
            (
                "Протокол составлен неполно, и этот недостаток не может быть восполнен при рассмотрении дела.",
                "Протокол и материалы дела возвращаются в составивший их орган.",
            ),
        ),
        _paper(
            "suspension_order",
            "Order suspending the proceedings",
            "Определение о приостановлении производства по делу",
            (
                "The case cannot be decided until another case connected with it is decided.",
                "The proceedings are suspended until that ground no longer exists; the time limits stop "
                "running meanwhile.",
            ),
            (
                "Дело не может быть рассмотрено до разрешения другого дела, связанного с ним.",
                "Производство приостановлено до устранения этого обстоятельства; процессуальные сроки на это "
                "время не текут.",
            ),
        ),
    )
}

# What is filed when a case is registered, by kind.
ON_REGISTRATION = {
    "civil": "claim",
    "administrative": "admin_claim",
    "criminal": "indictment",
    "misdemeanour": "offence_report",
}
# What a step of the demo pack files: the minutes at the stage it leaves, the paper at the stage it
# enters. By (kind, action), else by action.
MINUTES_BEFORE = {"decide", "deliver_judgment"}
AFTER_STEP = {
    ("misdemeanour", "decide"): "ruling",
    ("misdemeanour", "terminate"): "termination_order",
    "schedule_hearing": "hearing_order",
    "schedule_trial": "trial_order",
    "decide": "decision",
    "deliver_judgment": "judgment",
    "approve_settlement": "settlement_order",
    "dismiss": "dismissal_order",
    "return_claim": "return_order",
    "terminate": "termination_order",
    "return_to_prosecutor": "prosecutor_return_order",
    "return_protocol": "report_return_order",
    "suspend": "suspension_order",
}


def paper_after(kind: str, action: str) -> str | None:
    """The paper a step files at the stage it enters, if any."""
    return AFTER_STEP.get((kind, action)) or AFTER_STEP.get(action)


class CasePapers:
    """Files the papers of each loaded case through a ``DocumentBulkWriter``: the pleading when it
    was registered, and the papers of its steps, each at the stage the case was at."""

    MINUTES_EARLIER = dt.timedelta(minutes=20)  # the minutes are filed before the decision is
    PAPER_LATER = dt.timedelta(minutes=5)  # a step's paper is filed just after the step

    def __init__(self, *, documents: DocumentBulkWriter, now: dt.datetime) -> None:
        self.documents = documents
        self.now = now
        self._stored: dict[tuple[str, str], tuple[Content, str, str]] = {}
        self._targets: dict[tuple[str, str], str] = {}

    def _paper(self, code: str, language: str) -> tuple[Content, str, str]:
        key = (code, language)
        found = self._stored.get(key)
        if found is None:
            paper = PAPERS[code]
            content = self.documents.content_add(data=paper.pdf(language))
            found = self._stored[key] = (content, paper.title[language], content.filename(paper.filename(language)))
        return found

    def _file(self, plan: CasePlan, stage: str, code: str, language: str, at: dt.datetime, actor_id: int) -> None:
        content, title, filename = self._paper(code, language)
        self.documents.document_add(
            case_id=plan.case_id or 0,
            stage=stage,
            title=title,
            filename=filename,
            content=content,
            at=min(at, self.now),
            actor_id=actor_id,
        )

    def case_filed(self, plan: CasePlan, kind: CaseKind, *, language: str) -> None:
        """File the papers of ``plan``, a case the cases' writer has just loaded."""
        if plan.case_id is None:
            raise ValueError("load the case first")
        start = kind.starting_stage(plan.court.kind)
        if start is None:
            raise ValueError(f"a {kind.code} case does not start at {plan.court.code}")
        stage = start.code
        first = ON_REGISTRATION.get(kind.code)
        if first is not None:
            self._file(plan, stage, first, language, plan.registered_at, plan.clerk_id)
        for step in plan.steps:
            if step.action in MINUTES_BEFORE:
                self._file(plan, stage, "minutes", language, step.at - self.MINUTES_EARLIER, plan.clerk_id)
            key = (kind.code, step.action)
            target = self._targets.get(key)
            if target is None:
                target = self._targets[key] = kind.transition(step.action).to
            stage = target
            code = paper_after(kind.code, step.action)
            if code is not None:
                self._file(plan, stage, code, language, step.at + self.PAPER_LATER, step.actor_id)
