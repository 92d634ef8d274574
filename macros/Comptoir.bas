Attribute VB_Name = "Comptoir"
' Comptoir ribbon callbacks: each sub only hands a command name to Python (addin/ribbon.py).
' RunPython comes from the xlwings module of the add-in; errors are shown by Python, never by VBA.
Option Explicit

Public Sub CheckBook(control As IRibbonControl)
    RunPython "import addin.ribbon; addin.ribbon.check_book()"
End Sub

Public Sub SelfTest(control As IRibbonControl)
    RunPython "import addin.ribbon; addin.ribbon.self_test()"
End Sub

Public Sub NewDocument(control As IRibbonControl)
    RunPython "import addin.ribbon; addin.ribbon.new_document()"
End Sub

Public Sub NextStage(control As IRibbonControl)
    RunPython "import addin.ribbon; addin.ribbon.next_stage()"
End Sub

Public Sub PrintDocument(control As IRibbonControl)
    RunPython "import addin.ribbon; addin.ribbon.print_document()"
End Sub

Public Sub RecordPayment(control As IRibbonControl)
    RunPython "import addin.ribbon; addin.ribbon.record_payment()"
End Sub

Public Sub ReminderRun(control As IRibbonControl)
    RunPython "import addin.ribbon; addin.ribbon.reminder_run()"
End Sub

Public Sub NewReceivedInvoice(control As IRibbonControl)
    RunPython "import addin.ribbon; addin.ribbon.new_received_invoice()"
End Sub

Public Sub FromQrBill(control As IRibbonControl)
    RunPython "import addin.ribbon; addin.ribbon.from_qr_bill()"
End Sub

Public Sub ProposePayments(control As IRibbonControl)
    RunPython "import addin.ribbon; addin.ribbon.propose_payments()"
End Sub

Public Sub ExportPaymentFile(control As IRibbonControl)
    RunPython "import addin.ribbon; addin.ribbon.export_payment_file()"
End Sub

Public Sub ReceivedNextStage(control As IRibbonControl)
    RunPython "import addin.ribbon; addin.ribbon.received_next_stage()"
End Sub

Public Sub CompleteReceivedLines(control As IRibbonControl)
    RunPython "import addin.ribbon; addin.ribbon.complete_received_lines()"
End Sub

Public Sub Post(control As IRibbonControl)
    RunPython "import addin.ribbon; addin.ribbon.post()"
End Sub

Public Sub Unpost(control As IRibbonControl)
    RunPython "import addin.ribbon; addin.ribbon.unpost()"
End Sub

Public Sub CloseYear(control As IRibbonControl)
    RunPython "import addin.ribbon; addin.ribbon.close_year()"
End Sub

Public Sub OpenYear(control As IRibbonControl)
    RunPython "import addin.ribbon; addin.ribbon.open_year()"
End Sub

Public Sub FinancialStatements(control As IRibbonControl)
    RunPython "import addin.ribbon; addin.ribbon.financial_statements()"
End Sub

Public Sub VatReturnFile(control As IRibbonControl)
    RunPython "import addin.ribbon; addin.ribbon.vat_return_file()"
End Sub

Public Sub ImportBankFiles(control As IRibbonControl)
    RunPython "import addin.ribbon; addin.ribbon.import_bank_files()"
End Sub

Public Sub Reconcile(control As IRibbonControl)
    RunPython "import addin.ribbon; addin.ribbon.reconcile()"
End Sub

Public Sub CreateRule(control As IRibbonControl)
    RunPython "import addin.ribbon; addin.ribbon.create_rule()"
End Sub

Public Sub UseCreditNote(control As IRibbonControl)
    RunPython "import addin.ribbon; addin.ribbon.use_credit_note()"
End Sub

Public Sub RemovePayment(control As IRibbonControl)
    RunPython "import addin.ribbon; addin.ribbon.remove_payment()"
End Sub

Public Sub NewDocumentForContact(control As IRibbonControl)
    RunPython "import addin.ribbon; addin.ribbon.new_document_for_contact()"
End Sub

Public Sub StockCorrection(control As IRibbonControl)
    RunPython "import addin.ribbon; addin.ribbon.stock_correction()"
End Sub

Public Sub ReceiveGoods(control As IRibbonControl)
    RunPython "import addin.ribbon; addin.ribbon.receive_goods()"
End Sub

Public Sub StockLevels(control As IRibbonControl)
    RunPython "import addin.ribbon; addin.ribbon.stock_levels()"
End Sub

Public Sub StockValue(control As IRibbonControl)
    RunPython "import addin.ribbon; addin.ribbon.stock_value()"
End Sub

Public Sub ImportRates(control As IRibbonControl)
    RunPython "import addin.ribbon; addin.ribbon.import_rates()"
End Sub

Public Sub Revalue(control As IRibbonControl)
    RunPython "import addin.ribbon; addin.ribbon.revalue()"
End Sub

Public Sub PostMovements(control As IRibbonControl)
    RunPython "import addin.ribbon; addin.ribbon.post_movements()"
End Sub

Public Sub BackToPending(control As IRibbonControl)
    RunPython "import addin.ribbon; addin.ribbon.back_to_pending()"
End Sub

Public Sub PostMovement(control As IRibbonControl)
    RunPython "import addin.ribbon; addin.ribbon.post_movement()"
End Sub

Public Sub SkipMovement(control As IRibbonControl)
    RunPython "import addin.ribbon; addin.ribbon.skip_movement()"
End Sub

Public Sub KeepPending(control As IRibbonControl)
    RunPython "import addin.ribbon; addin.ribbon.keep_pending()"
End Sub

Public Sub ForcePosting(control As IRibbonControl)
    RunPython "import addin.ribbon; addin.ribbon.force_posting()"
End Sub

Public Sub DeleteMovement(control As IRibbonControl)
    RunPython "import addin.ribbon; addin.ribbon.delete_movement()"
End Sub

Public Sub MultipleEntry(control As IRibbonControl)
    RunPython "import addin.ribbon; addin.ribbon.multiple_entry()"
End Sub

Public Sub NormalEntry(control As IRibbonControl)
    RunPython "import addin.ribbon; addin.ribbon.normal_entry()"
End Sub

Public Sub LabelFromCommunication(control As IRibbonControl)
    RunPython "import addin.ribbon; addin.ribbon.label_from_communication()"
End Sub

Public Sub LabelFromBank(control As IRibbonControl)
    RunPython "import addin.ribbon; addin.ribbon.label_from_bank()"
End Sub

Public Sub PredefinedLabel(control As IRibbonControl)
    RunPython "import addin.ribbon; addin.ribbon.predefined_label()"
End Sub

Public Sub ImputationPeriod(control As IRibbonControl)
    RunPython "import addin.ribbon; addin.ribbon.imputation_period()"
End Sub

Public Sub ImputedBalance(control As IRibbonControl)
    RunPython "import addin.ribbon; addin.ribbon.imputed_balance()"
End Sub

Public Sub BankPortal(control As IRibbonControl)
    RunPython "import addin.ribbon; addin.ribbon.bank_portal()"
End Sub

Public Sub TestRule(control As IRibbonControl)
    RunPython "import addin.ribbon; addin.ribbon.test_rule()"
End Sub

Public Sub CheckRules(control As IRibbonControl)
    RunPython "import addin.ribbon; addin.ribbon.check_rules()"
End Sub

Public Sub CopyRules(control As IRibbonControl)
    RunPython "import addin.ribbon; addin.ribbon.copy_rules()"
End Sub

Public Sub NewSubstitution(control As IRibbonControl)
    RunPython "import addin.ribbon; addin.ribbon.new_substitution()"
End Sub

Public Sub TestSubstitution(control As IRibbonControl)
    RunPython "import addin.ribbon; addin.ribbon.test_substitution()"
End Sub

Public Sub RemoveSubstitution(control As IRibbonControl)
    RunPython "import addin.ribbon; addin.ribbon.remove_substitution()"
End Sub

Public Sub MandateStatus(control As IRibbonControl)
    RunPython "import addin.ribbon; addin.ribbon.mandate_status()"
End Sub

Public Sub ImportEntries(control As IRibbonControl)
    RunPython "import addin.ribbon; addin.ribbon.import_entries()"
End Sub

Public Sub Reports(control As IRibbonControl)
    RunPython "import addin.ribbon; addin.ribbon.reports()"
End Sub

Public Sub Dashboard(control As IRibbonControl)
    RunPython "import addin.ribbon; addin.ribbon.dashboard()"
End Sub
