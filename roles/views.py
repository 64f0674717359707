from django.shortcuts import render


def board(request):
    return render(request, "roles/board.html", {"roles": []})
