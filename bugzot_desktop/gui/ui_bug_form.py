# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'bug_form.ui'
##
## Created by: Qt User Interface Compiler version 6.11.3
##
## WARNING! All changes made in this file will be lost when recompiling UI file!
################################################################################

from PySide6.QtCore import (QCoreApplication, QDate, QDateTime, QLocale,
    QMetaObject, QObject, QPoint, QRect,
    QSize, QTime, QUrl, Qt)
from PySide6.QtGui import (QBrush, QColor, QConicalGradient, QCursor,
    QFont, QFontDatabase, QGradient, QIcon,
    QImage, QKeySequence, QLinearGradient, QPainter,
    QPalette, QPixmap, QRadialGradient, QTransform)
from PySide6.QtWidgets import (QApplication, QComboBox, QFormLayout, QLabel,
    QLineEdit, QPlainTextEdit, QSizePolicy, QWidget)

class Ui_BugForm(object):
    def setupUi(self, BugForm):
        if not BugForm.objectName():
            BugForm.setObjectName(u"BugForm")
        BugForm.resize(520, 560)
        self.formLayout = QFormLayout(BugForm)
        self.formLayout.setObjectName(u"formLayout")
        self.formLayout.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.titleLabel = QLabel(BugForm)
        self.titleLabel.setObjectName(u"titleLabel")

        self.formLayout.setWidget(0, QFormLayout.ItemRole.LabelRole, self.titleLabel)

        self.titleEdit = QLineEdit(BugForm)
        self.titleEdit.setObjectName(u"titleEdit")

        self.formLayout.setWidget(0, QFormLayout.ItemRole.FieldRole, self.titleEdit)

        self.titleError = QLabel(BugForm)
        self.titleError.setObjectName(u"titleError")
        self.titleError.setStyleSheet(u"color: #b00020;")
        self.titleError.setWordWrap(True)
        self.titleError.setVisible(False)

        self.formLayout.setWidget(1, QFormLayout.ItemRole.FieldRole, self.titleError)

        self.severityLabel = QLabel(BugForm)
        self.severityLabel.setObjectName(u"severityLabel")

        self.formLayout.setWidget(2, QFormLayout.ItemRole.LabelRole, self.severityLabel)

        self.severityCombo = QComboBox(BugForm)
        self.severityCombo.setObjectName(u"severityCombo")

        self.formLayout.setWidget(2, QFormLayout.ItemRole.FieldRole, self.severityCombo)

        self.componentLabel = QLabel(BugForm)
        self.componentLabel.setObjectName(u"componentLabel")

        self.formLayout.setWidget(3, QFormLayout.ItemRole.LabelRole, self.componentLabel)

        self.componentEdit = QLineEdit(BugForm)
        self.componentEdit.setObjectName(u"componentEdit")

        self.formLayout.setWidget(3, QFormLayout.ItemRole.FieldRole, self.componentEdit)

        self.descriptionLabel = QLabel(BugForm)
        self.descriptionLabel.setObjectName(u"descriptionLabel")

        self.formLayout.setWidget(4, QFormLayout.ItemRole.LabelRole, self.descriptionLabel)

        self.descriptionEdit = QPlainTextEdit(BugForm)
        self.descriptionEdit.setObjectName(u"descriptionEdit")
        self.descriptionEdit.setTabChangesFocus(True)

        self.formLayout.setWidget(4, QFormLayout.ItemRole.FieldRole, self.descriptionEdit)

        self.stepsLabel = QLabel(BugForm)
        self.stepsLabel.setObjectName(u"stepsLabel")

        self.formLayout.setWidget(5, QFormLayout.ItemRole.LabelRole, self.stepsLabel)

        self.stepsEdit = QPlainTextEdit(BugForm)
        self.stepsEdit.setObjectName(u"stepsEdit")
        self.stepsEdit.setTabChangesFocus(True)

        self.formLayout.setWidget(5, QFormLayout.ItemRole.FieldRole, self.stepsEdit)

        self.expectedLabel = QLabel(BugForm)
        self.expectedLabel.setObjectName(u"expectedLabel")

        self.formLayout.setWidget(6, QFormLayout.ItemRole.LabelRole, self.expectedLabel)

        self.expectedEdit = QPlainTextEdit(BugForm)
        self.expectedEdit.setObjectName(u"expectedEdit")
        self.expectedEdit.setTabChangesFocus(True)

        self.formLayout.setWidget(6, QFormLayout.ItemRole.FieldRole, self.expectedEdit)

        self.actualLabel = QLabel(BugForm)
        self.actualLabel.setObjectName(u"actualLabel")

        self.formLayout.setWidget(7, QFormLayout.ItemRole.LabelRole, self.actualLabel)

        self.actualEdit = QPlainTextEdit(BugForm)
        self.actualEdit.setObjectName(u"actualEdit")
        self.actualEdit.setTabChangesFocus(True)

        self.formLayout.setWidget(7, QFormLayout.ItemRole.FieldRole, self.actualEdit)

#if QT_CONFIG(shortcut)
        self.titleLabel.setBuddy(self.titleEdit)
        self.severityLabel.setBuddy(self.severityCombo)
        self.componentLabel.setBuddy(self.componentEdit)
        self.descriptionLabel.setBuddy(self.descriptionEdit)
        self.stepsLabel.setBuddy(self.stepsEdit)
        self.expectedLabel.setBuddy(self.expectedEdit)
        self.actualLabel.setBuddy(self.actualEdit)
#endif // QT_CONFIG(shortcut)
        QWidget.setTabOrder(self.titleEdit, self.severityCombo)
        QWidget.setTabOrder(self.severityCombo, self.componentEdit)
        QWidget.setTabOrder(self.componentEdit, self.descriptionEdit)
        QWidget.setTabOrder(self.descriptionEdit, self.stepsEdit)
        QWidget.setTabOrder(self.stepsEdit, self.expectedEdit)
        QWidget.setTabOrder(self.expectedEdit, self.actualEdit)

        self.retranslateUi(BugForm)

        QMetaObject.connectSlotsByName(BugForm)
    # setupUi

    def retranslateUi(self, BugForm):
#if QT_CONFIG(accessibility)
        BugForm.setAccessibleName(QCoreApplication.translate("BugForm", u"Bug report form", None))
#endif // QT_CONFIG(accessibility)
        self.titleLabel.setText(QCoreApplication.translate("BugForm", u"&Title *", None))
#if QT_CONFIG(accessibility)
        self.titleEdit.setAccessibleName(QCoreApplication.translate("BugForm", u"Title (required)", None))
#endif // QT_CONFIG(accessibility)
        self.titleEdit.setPlaceholderText(QCoreApplication.translate("BugForm", u"What went wrong, in a few words", None))
#if QT_CONFIG(accessibility)
        self.titleError.setAccessibleName(QCoreApplication.translate("BugForm", u"Title problem", None))
#endif // QT_CONFIG(accessibility)
        self.severityLabel.setText(QCoreApplication.translate("BugForm", u"Se&verity", None))
#if QT_CONFIG(accessibility)
        self.severityCombo.setAccessibleName(QCoreApplication.translate("BugForm", u"Severity", None))
#endif // QT_CONFIG(accessibility)
        self.componentLabel.setText(QCoreApplication.translate("BugForm", u"C&omponent", None))
#if QT_CONFIG(accessibility)
        self.componentEdit.setAccessibleName(QCoreApplication.translate("BugForm", u"Component", None))
#endif // QT_CONFIG(accessibility)
        self.componentEdit.setPlaceholderText(QCoreApplication.translate("BugForm", u"e.g. editor, login, export", None))
        self.descriptionLabel.setText(QCoreApplication.translate("BugForm", u"&Description", None))
#if QT_CONFIG(accessibility)
        self.descriptionEdit.setAccessibleName(QCoreApplication.translate("BugForm", u"Description", None))
#endif // QT_CONFIG(accessibility)
        self.descriptionEdit.setPlaceholderText(QCoreApplication.translate("BugForm", u"What happened, and where", None))
        self.stepsLabel.setText(QCoreApplication.translate("BugForm", u"Ste&ps to reproduce", None))
#if QT_CONFIG(accessibility)
        self.stepsEdit.setAccessibleName(QCoreApplication.translate("BugForm", u"Steps to reproduce", None))
#endif // QT_CONFIG(accessibility)
        self.stepsEdit.setPlaceholderText(QCoreApplication.translate("BugForm", u"1. \u2026\n"
"2. \u2026", None))
        self.expectedLabel.setText(QCoreApplication.translate("BugForm", u"E&xpected result", None))
#if QT_CONFIG(accessibility)
        self.expectedEdit.setAccessibleName(QCoreApplication.translate("BugForm", u"Expected result", None))
#endif // QT_CONFIG(accessibility)
        self.actualLabel.setText(QCoreApplication.translate("BugForm", u"Act&ual result", None))
#if QT_CONFIG(accessibility)
        self.actualEdit.setAccessibleName(QCoreApplication.translate("BugForm", u"Actual result", None))
#endif // QT_CONFIG(accessibility)
    # retranslateUi

